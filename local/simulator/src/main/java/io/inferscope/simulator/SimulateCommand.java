package io.inferscope.simulator;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope simulate}: runs a simulated vLLM-like fleet on consecutive loopback ports until
 * Ctrl-C. The last replica is slower (×{@value FleetConfig#SLOW_REPLICA_FACTOR}). A taken port is a
 * one-line error and exit code {@value #EXIT_PORT_TAKEN}.
 *
 * <p>Options: {@code --replicas} (3), {@code --port} of the first replica (8001), {@code --host}
 * (127.0.0.1), {@code --model} ({@value ReplicaConfig#DEFAULT_MODEL}), {@code --slots} per replica
 * (8).
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Run a simulated OpenAI-compatible (vLLM-like) model-server fleet.")
public final class SimulateCommand implements Callable<Integer> {

    public static final int EXIT_PORT_TAKEN = 2;

    @Spec CommandSpec spec;

    @Option(
            names = "--replicas",
            defaultValue = "3",
            description = "replicas (default ${DEFAULT-VALUE})")
    int replicas;

    @Option(
            names = "--port",
            defaultValue = "8001",
            description = "port of replica 0; replica i uses port+i (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = FleetConfig.DEFAULT_HOST,
            description = "bind address (default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--model",
            defaultValue = ReplicaConfig.DEFAULT_MODEL,
            description = "served model name (default ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--slots",
            defaultValue = "8",
            description = "batch slots per replica (default ${DEFAULT-VALUE})")
    int slots;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetConfig config;
        try {
            config =
                    FleetConfig.of(replicas)
                            .withEachReplica(r -> r.withModel(model).withSlots(slots))
                            .withHost(host)
                            .withBasePort(port);
        } catch (IllegalArgumentException e) {
            err.println("inferscope simulate: " + e.getMessage());
            return EXIT_PORT_TAKEN;
        }
        FleetSimulator fleet;
        try {
            fleet = FleetSimulator.start(config);
        } catch (FleetStartException e) {
            err.println("inferscope simulate: " + e.getMessage());
            err.flush();
            return EXIT_PORT_TAKEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    fleet.close();
                                    stopped.countDown();
                                },
                                "simulate-shutdown"));
        for (Replica r : fleet.replicas()) {
            out.printf(
                    "%s  %s  model=%s slots=%d speed=x%.1f%n",
                    r.name(),
                    r.url(),
                    r.config().model(),
                    r.config().slots(),
                    r.config().latency().speedFactor());
        }
        out.println("simulated fleet running; Ctrl-C to stop");
        out.flush();
        stopped.await();
        return 0;
    }
}
