package io.inferscope.local;

import io.inferscope.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inferscope kafka}: a real Kafka broker (KRaft) in this process with every catalog topic,
 * until Ctrl-C. Options: {@code --port} (default 9092, 0 = any free port), {@code
 * --controller-port} (default 9093, 0 = any free port), {@code --data DIR} (default: a temp dir
 * deleted on exit; a given dir keeps the data across runs). A taken port is one error line and exit
 * code 2.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Run a Kafka broker (KRaft) with all InferScope topics until Ctrl-C.")
public final class KafkaCommand extends BaseCommand {
    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(
            names = "--controller-port",
            defaultValue = "9093",
            description = "KRaft controller port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int controllerPort;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data dir, kept across runs (default: a temp dir deleted on exit).")
    Path dataDir;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    protected int run() throws InterruptedException {
        try {
            return runBroker();
        } finally {
            stopped.countDown();
        }
    }

    private int runBroker() throws InterruptedException {
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .port(port)
                        .controllerPort(controllerPort)
                        .dataDir(dataDir)
                        .build()) {
            kafka.start();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out().printf(
                            Locale.ROOT,
                            "Kafka ready at %s (%d topics) in %.1f s%n",
                            kafka.bootstrapServers(),
                            kafka.topics().size(),
                            seconds);
            out().println(
                            "data: "
                                    + kafka.dataDir()
                                    + (dataDir == null
                                            ? " (temporary, deleted on exit; --data DIR keeps it)"
                                            : ""));
            out().println("Press Ctrl-C to stop.");
            out().flush();
            // Ctrl-C: the hook waits until the broker closed, so its logs are flushed and the
            // data dir is consistent (or deleted) before the JVM halts.
            Thread hook = new Thread(this::stopAndWait, "inferscope-kafka-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            stopRequested.await();
            removeHook(hook);
        }
        out().println("Kafka stopped.");
        return 0;
    }

    /** Asks the running broker to stop; {@link #run()} then closes it and returns. */
    void stop() {
        stopRequested.countDown();
    }

    private void stopAndWait() {
        stop();
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }
}
