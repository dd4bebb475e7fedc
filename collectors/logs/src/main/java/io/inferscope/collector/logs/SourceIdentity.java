package io.inferscope.collector.logs;

import io.inferscope.schemas.Labels;

/**
 * Who wrote a log file: read from a CRI path ({@link CriPaths}) or given for a plain file. Any
 * field may be null when unknown.
 */
public record SourceIdentity(String namespace, String pod, String container, String deployment) {

    /** The Kafka key of its lines: {@code namespace/pod/container} ("-" for an unknown part). */
    public String key() {
        return orDash(namespace) + "/" + orDash(pod) + "/" + orDash(container);
    }

    public SourceIdentity withDeployment(String newDeployment) {
        return new SourceIdentity(namespace, pod, container, newDeployment);
    }

    /** The identity labels of every line: {@code replica} is the pod. */
    public Labels labels(String cluster, String node) {
        return new Labels(cluster, namespace, deployment, null, pod, node);
    }

    /**
     * Parses {@code namespace/pod/container[/deployment]}, the form {@code --plain} takes.
     *
     * @throws IllegalArgumentException when fewer than three parts are given
     */
    public static SourceIdentity parse(String spec) {
        String[] parts = spec.split("/", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException(
                    "identity must be namespace/pod/container[/deployment], got '" + spec + "'");
        }
        return new SourceIdentity(
                blankToNull(parts[0]),
                blankToNull(parts[1]),
                blankToNull(parts[2]),
                parts.length == 4 ? blankToNull(parts[3]) : null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
