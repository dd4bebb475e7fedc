package io.inferscope.collector.logs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pod → deployment. A mapping (from a properties file of {@code pod=deployment} or {@code
 * namespace/pod=deployment} lines) wins; otherwise the name rule: a Deployment's pod is named
 * {@code <deployment>-<pod-template-hash>-<5 chars>}, both suffixes drawn from the alphabet of
 * Kubernetes' {@code rand.SafeEncodeString} (no vowels, no 0/1/3). Pods of other shapes
 * (StatefulSets, DaemonSets, bare pods) get no deployment rather than a wrong one.
 */
public final class DeploymentResolver {
    private static final Pattern DEPLOYMENT_POD =
            Pattern.compile(
                    "^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$");

    /** The name rule alone. */
    public static final DeploymentResolver RULE = new DeploymentResolver(Map.of());

    private final Map<String, String> mapping;

    public DeploymentResolver(Map<String, String> mapping) {
        this.mapping = Map.copyOf(mapping);
    }

    /**
     * Loads a mapping file (Java properties syntax, UTF-8).
     *
     * @throws IllegalArgumentException when the file does not exist
     */
    public static DeploymentResolver load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("deployment mapping file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment mapping file " + file, e);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString().trim(), v.toString().trim()));
        return new DeploymentResolver(m);
    }

    /** The deployment of this pod, or null when neither the mapping nor the rule knows it. */
    public String deploymentOf(String namespace, String pod) {
        if (pod == null) {
            return null;
        }
        String mapped = mapping.get(namespace + "/" + pod);
        if (mapped == null) {
            mapped = mapping.get(pod);
        }
        if (mapped != null) {
            return mapped.isEmpty() ? null : mapped;
        }
        Matcher m = DEPLOYMENT_POD.matcher(pod);
        return m.matches() ? m.group(1) : null;
    }

    /** The identity with its deployment filled in, unless it already has one. */
    SourceIdentity resolve(SourceIdentity id) {
        if (id.deployment() != null) {
            return id;
        }
        return id.withDeployment(deploymentOf(id.namespace(), id.pod()));
    }
}
