package io.inferscope.console;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inferscope console}: runs the console until Ctrl-C. Options: {@code --bootstrap} (default
 * localhost:9092), {@code --kafka-config FILE} (Kafka client properties: security, SASL, TLS; never
 * printed), {@code --host} (default 127.0.0.1), {@code --port} (default 8080), {@code --state-dir}
 * (default ~/.inferscope/console-state), {@code --application-id}, {@code --advertised-host},
 * {@code --notifiers FILE} (deliver alerts), {@code --no-log-search}.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description =
                "Serve the derived topics: dashboard, REST API, log search, Prometheus /metrics,"
                        + " alert notifiers.")
public final class ConsoleCommand implements Callable<Integer> {
    @Option(
            names = "--bootstrap",
            defaultValue = ConsoleConfig.DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            description = "Kafka client properties file (security.protocol, SASL, TLS).")
    Path kafkaConfig;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--state-dir",
            description = "Kafka Streams state directory (default: ~/.inferscope/console-state).")
    Path stateDir;

    @Option(
            names = "--application-id",
            defaultValue = ConsoleConfig.DEFAULT_APP_ID,
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--advertised-host",
            description =
                    "Host other console instances reach this one at (default: the --host"
                            + " address); set it to the pod IP when running several instances.")
    String advertisedHost;

    @Option(
            names = "--notifiers",
            description =
                    "Notifiers YAML (Alertmanager, PagerDuty, webhooks): deliver"
                            + " inferscope.alerts from this console.")
    Path notifiers;

    @Option(
            names = "--no-log-search",
            description = "Do not index inferscope.raw.logs (no /api/v1/logs on this instance).")
    boolean noLogSearch;

    @Override
    public Integer call() throws Exception {
        Path state =
                stateDir != null
                        ? stateDir
                        : Path.of(System.getProperty("user.home"), ".inferscope", "console-state");
        ConsoleConfig config =
                ConsoleConfig.defaults(bootstrap, state)
                        .withKafka(readKafkaConfig(kafkaConfig))
                        .withApplicationId(applicationId);
        config =
                config.withHost(host)
                        .withPort(port)
                        .withAdvertisedHost(advertisedHost)
                        .withLogSearch(!noLogSearch)
                        .withNotifiers(notifiers);
        Console console = Console.start(config);
        CountDownLatch closed = new CountDownLatch(1);
        // The hook itself closes the console: the JVM exits once hooks finish, so closing after
        // the await in this thread could be cut short.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    console.close();
                                    closed.countDown();
                                },
                                "console-shutdown"));
        String base = "http://" + host + ":" + console.port();
        System.out.println(
                "InferScope console: dashboard "
                        + base
                        + "/  API "
                        + base
                        + "/api/v1/groups  Prometheus "
                        + base
                        + "/metrics (Ctrl-C to stop)");
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
        System.exit(new picocli.CommandLine(new ConsoleCommand()).execute(args));
    }
}
