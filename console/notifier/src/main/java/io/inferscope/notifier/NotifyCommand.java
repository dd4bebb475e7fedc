package io.inferscope.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inferscope notify}: runs the alert notifiers alone until Ctrl-C (the console server embeds
 * the same {@link Notifier}). Options: {@code --config FILE} (notifier YAML, required), {@code
 * --bootstrap} (default localhost:9092), {@code --kafka-config FILE} (Kafka client properties:
 * security, SASL, TLS; never printed), {@code --state-dir} (overrides the file's {@code
 * state_dir}), {@code --metrics-port} (serve {@code /metrics} and {@code /healthz}; off unless
 * given, 0 = a free port) and {@code --metrics-host} (default 127.0.0.1).
 */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = "Deliver inferscope.alerts to Alertmanager, PagerDuty and webhooks.")
public final class NotifyCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Notifier YAML file.")
    Path config;

    @Option(
            names = "--bootstrap",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            description = "Kafka client properties file (security.protocol, SASL, TLS).")
    Path kafkaConfig;

    @Option(names = "--state-dir", description = "Directory of the dedup state file.")
    Path stateDir;

    @Option(names = "--metrics-port", description = "Serve /metrics on this port (0 = any).")
    Integer metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "127.0.0.1",
            description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NotifierConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("notify: " + e.getMessage());
            return 2;
        }
        if (stateDir != null) {
            cfg = cfg.withStateDir(stateDir);
        }
        Notifier notifier = Notifier.start(cfg, bootstrap, readKafkaConfig(kafkaConfig));
        MetricsHttpServer http =
                metricsPort == null
                        ? null
                        : MetricsHttpServer.start(metricsHost, metricsPort, notifier);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (http != null) {
                                        http.close();
                                    }
                                    notifier.close();
                                    closed.countDown();
                                },
                                "notify-shutdown"));
        spec.commandLine()
                .getOut()
                .println(
                        "InferScope notify: "
                                + cfg.targets().size()
                                + " target(s) from "
                                + config
                                + (http == null
                                        ? ""
                                        : ", metrics on http://"
                                                + metricsHost
                                                + ":"
                                                + http.port()
                                                + "/metrics")
                                + " (Ctrl-C to stop)");
        spec.commandLine().getOut().flush();
        closed.await();
        return 0;
    }

    static Map<String, String> readKafkaConfig(Path file) {
        if (file == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka config " + file, e);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NotifyCommand()).execute(args));
    }
}
