package io.inferscope.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats the broker's log directory, as {@code kafka-storage.sh format --ignore-formatted} does,
 * through Kafka's own {@link Formatter}. A directory that is already formatted keeps its cluster id
 * and data; the formatter refuses a cluster id that differs from the one on disk, so the id is read
 * back from {@code meta.properties} first.
 */
final class StorageFormat {
    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormat() {}

    /** Formats {@code logDir} unless it already is; returns the cluster id in use. */
    static String ensureFormatted(Path logDir) {
        try {
            Files.createDirectories(logDir);
            String clusterId = existingClusterId(logDir);
            if (clusterId == null) {
                clusterId = Uuid.randomUuid().toString();
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(clusterId)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setIgnoreFormatted(true)
                    .run();
            return clusterId;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + logDir + ": " + e, e);
        }
    }

    private static String existingClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return p.getProperty("cluster.id");
    }
}
