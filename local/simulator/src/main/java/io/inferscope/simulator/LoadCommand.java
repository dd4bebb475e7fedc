package io.inferscope.simulator;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope load}: open-loop Poisson load against a gateway or a replica, a summary line
 * every 5 s (interval percentiles) and a final summary (whole-run percentiles). Exit code 1 when
 * requests were sent and none succeeded.
 *
 * <p>Options: {@code --target} URL (required), {@code --rate} req/s (5), {@code --profile} spec
 * such as {@code steady:5/60s,spike:20/60s,steady:5/60s} (replaces {@code --rate}), {@code
 * --duration} (60s, or the profile's length), {@code --stream-ratio} (0.8), {@code --model}, {@code
 * --max-outstanding} (512), {@code --seed} (42), {@code --report-every} (5s).
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Send open-loop Poisson load to an OpenAI-compatible endpoint.")
public final class LoadCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--target",
            required = true,
            description = "base URL, e.g. http://127.0.0.1:8001")
    String target;

    @Option(
            names = "--rate",
            defaultValue = "5",
            description = "requests per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--profile",
            description = "rate profile, e.g. steady:5/60s,spike:20/60s,steady:5/60s")
    String profile;

    @Option(
            names = "--duration",
            converter = Durations.Converter.class,
            description = "e.g. 30s, 5m, 1h (default 60s or the profile's length)")
    Duration duration;

    @Option(
            names = "--stream-ratio",
            defaultValue = "0.8",
            description = "share of streaming requests (default ${DEFAULT-VALUE})")
    double streamRatio;

    @Option(
            names = "--model",
            defaultValue = ReplicaConfig.DEFAULT_MODEL,
            description = "model name sent (default ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--max-outstanding",
            defaultValue = "512",
            description = "in-flight cap (default ${DEFAULT-VALUE})")
    int maxOutstanding;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--report-every",
            defaultValue = "5s",
            converter = Durations.Converter.class,
            description = "summary interval (default ${DEFAULT-VALUE})")
    Duration reportEvery;

    @Override
    public Integer call() throws InterruptedException {
        LoadConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "load → %s  profile=%s  duration=%s  stream-ratio=%.2f  model=%s%n",
                config.target(),
                config.profile(),
                Durations.format(config.duration()),
                config.streamRatio(),
                config.model());
        out.flush();
        AtomicBoolean printedFinal = new AtomicBoolean();
        try (LoadGenerator generator = new LoadGenerator(config)) {
            Thread hook = new Thread(() -> printFinal(out, generator, printedFinal), "load-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            generator.start();
            long drainUntil =
                    System.nanoTime()
                            + config.duration().plus(config.idleTimeout()).plusSeconds(5).toNanos();
            while (!generator.awaitDone(reportEvery) && System.nanoTime() < drainUntil) {
                out.println(generator.intervalReport().summaryLine());
                out.flush();
            }
            printFinal(out, generator, printedFinal);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
            LoadReport last = generator.report();
            return last.sent() > 0 && last.ok() == 0 ? 1 : 0;
        }
    }

    private static void printFinal(PrintWriter out, LoadGenerator g, AtomicBoolean printed) {
        if (printed.compareAndSet(false, true)) {
            out.println("final: " + g.report().summaryLine());
            out.flush();
        }
    }

    LoadConfig config() {
        RateProfile rates;
        try {
            rates = profile != null ? RateProfile.parse(profile) : RateProfile.constant(rate);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, profile);
        }
        Duration runFor =
                duration != null
                        ? duration
                        : profile != null ? rates.totalDuration() : Duration.ofSeconds(60);
        try {
            return LoadConfig.defaults(target)
                    .withProfile(rates)
                    .withDuration(runFor)
                    .withStreamRatio(streamRatio)
                    .withModel(model)
                    .withMaxOutstanding(maxOutstanding)
                    .withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
        }
    }
}
