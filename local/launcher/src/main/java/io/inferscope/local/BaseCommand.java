package io.inferscope.local;

import io.inferscope.testkit.PortInUseException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs a command and turns the failures a user can act on into one {@code error: ...} line on
 * stderr and an exit code, however the {@code CommandLine} was built (the launcher's main or a
 * test). Anything else is a bug and keeps its stack trace.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (CliException e) {
            err().println("error: " + e.getMessage());
            return e.exitCode();
        } catch (PortInUseException e) {
            err().println("error: " + e.getMessage());
            return CliException.USAGE;
        } catch (KafkaException e) {
            err().println("error: " + e.getMessage());
            return CliException.FAILURE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The command's work; returns the exit code. */
    protected abstract int run() throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
