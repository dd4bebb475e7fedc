package io.inferscope.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Option;

/**
 * How every command that talks to Kafka reaches it: {@code --bootstrap} (default {@code
 * localhost:9092}, or {@code bootstrap.servers} from the file) and {@code --kafka-config FILE}, any
 * Kafka client properties (security.protocol, SASL, TLS trust and key stores) applied to every
 * client the command creates. Values of secret-looking keys (passwords, JAAS configs, tokens, keys)
 * are never printed: {@link #describe()} masks them.
 */
public final class KafkaOptions {
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    private static final int REACH_TIMEOUT_S = 10;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else "
                            + DEFAULT_BOOTSTRAP
                            + ").")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*...).")
    Path configFile;

    private Properties fileProperties;

    /** The bootstrap servers in use: the option, else the file's, else the default. */
    public String bootstrapServers() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        return fileProperties().getProperty("bootstrap.servers", DEFAULT_BOOTSTRAP);
    }

    /** A fresh copy of the client properties: the file's, with the bootstrap servers in use. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(fileProperties());
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /**
     * Properties of a one-shot CLI producer: idempotent, acks=all, byte-array keys and values,
     * waiting at most 15 s for metadata.
     */
    public Properties producerProperties(String clientId) {
        Properties p = new Properties();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("client.id", clientId);
        p.put("max.block.ms", "15000");
        p.putAll(clientProperties());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    /** Sends and waits for the acknowledgement; a failure is a one-line {@link CliException}. */
    public void sendOrFail(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> r)
            throws InterruptedException {
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CliException(
                    CliException.FAILURE,
                    "cannot produce to "
                            + r.topic()
                            + " at "
                            + describe()
                            + ": "
                            + cause.getMessage());
        }
    }

    /** Where and how this connects, safe to print: secret values are masked. */
    public String describe() {
        if (configFile == null) {
            return bootstrapServers();
        }
        StringBuilder sb = new StringBuilder(bootstrapServers()).append(" (").append(configFile);
        Properties file = fileProperties();
        for (String key : new TreeSet<>(file.stringPropertyNames())) {
            if (key.equals("bootstrap.servers")) {
                continue;
            }
            sb.append(", ").append(key).append('=');
            sb.append(isSecret(key) ? "****" : file.getProperty(key));
        }
        return sb.append(')').toString();
    }

    /** Fails with a one-line error when no broker answers within 10 s. */
    public void requireReachable() {
        Properties p = clientProperties();
        p.put("request.timeout.ms", String.valueOf(REACH_TIMEOUT_S * 1000));
        p.put("default.api.timeout.ms", String.valueOf(REACH_TIMEOUT_S * 1000));
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(REACH_TIMEOUT_S * 1000))
                    .clusterId()
                    .get(REACH_TIMEOUT_S + 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(
                    CliException.FAILURE,
                    "cannot reach Kafka at "
                            + describe()
                            + " within "
                            + REACH_TIMEOUT_S
                            + " s (is it running? start one with: inferscope kafka)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "interrupted");
        }
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String word :
                new String[] {"password", "secret", "jaas", "token", "key", "credential", "auth"}) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private Properties fileProperties() {
        if (fileProperties == null) {
            Properties p = new Properties();
            if (configFile != null) {
                try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new CliException(
                            CliException.USAGE,
                            "cannot read --kafka-config " + configFile + ": " + e);
                }
            }
            fileProperties = p;
        }
        return fileProperties;
    }
}
