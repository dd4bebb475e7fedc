package io.inferscope.collector.core;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client properties as an operator gives them: defaults, then a {@code --kafka-config FILE}
 * (any client property: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...), then
 * explicit overrides. Immutable.
 *
 * <p>Secrets are never printed: {@link #toString()} and {@link #redacted()} mask the value of every
 * key that looks secret ({@code *password*}, {@code sasl.jaas.config}, {@code *secret*}, {@code
 * *key*} except the (de)serializer class names, {@code *token*}, {@code *credential*}).
 */
public final class KafkaClientConfig {
    public static final String REDACTED = "[redacted]";

    private final Properties properties;

    private KafkaClientConfig(Properties properties) {
        this.properties = properties;
    }

    public static KafkaClientConfig empty() {
        return new KafkaClientConfig(new Properties());
    }

    public static KafkaClientConfig of(Map<?, ?> properties) {
        Properties copy = new Properties();
        properties.forEach((k, v) -> copy.setProperty(k.toString(), v.toString()));
        return new KafkaClientConfig(copy);
    }

    /** Just {@code bootstrap.servers}. */
    public static KafkaClientConfig forBootstrap(String bootstrapServers) {
        return of(Map.of("bootstrap.servers", bootstrapServers));
    }

    /**
     * Reads a Java properties file (UTF-8). Errors name the file, never its content.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @throws UncheckedIOException when it cannot be read
     */
    public static KafkaClientConfig load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client config file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client config file " + file, e);
        }
        return of(p);
    }

    /** A new config: these properties, with {@code overrides} winning on every key they set. */
    public KafkaClientConfig withOverrides(KafkaClientConfig overrides) {
        Properties merged = toProperties();
        merged.putAll(overrides.properties);
        return new KafkaClientConfig(merged);
    }

    public KafkaClientConfig with(String key, String value) {
        Properties merged = toProperties();
        merged.setProperty(key, value);
        return new KafkaClientConfig(merged);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    /** A copy, to hand to a Kafka client. */
    public Properties toProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** A sorted view for printing, secret values replaced by {@value #REDACTED}. */
    public Map<String, String> redacted() {
        return redact(properties);
    }

    /** {@link #redacted()} of any properties. */
    public static Map<String, String> redact(Map<?, ?> properties) {
        TreeMap<String, String> out = new TreeMap<>();
        properties.forEach(
                (k, v) -> {
                    String key = k.toString();
                    out.put(key, isSecret(key) ? REDACTED : String.valueOf(v));
                });
        return out;
    }

    /** True when the value of this property must never be printed. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("key.serializer") || k.endsWith("key.deserializer")) {
            return false;
        }
        return k.contains("password")
                || k.contains("secret")
                || k.contains("sasl.jaas.config")
                || k.contains("key")
                || k.contains("token")
                || k.contains("credential");
    }

    @Override
    public String toString() {
        return redacted().toString();
    }
}
