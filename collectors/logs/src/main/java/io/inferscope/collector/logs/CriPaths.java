package io.inferscope.collector.logs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the identity the kubelet encodes in a container log path: {@code
 * /var/log/pods/<namespace>_<pod>_<pod-uid>/<container>/<restart>.log}. Namespace and pod names are
 * DNS labels and subdomains, which cannot hold an underscore, so the directory name splits
 * unambiguously.
 */
final class CriPaths {
    private CriPaths() {}

    /** The identity of {@code file}, or empty when its path does not have the kubelet's shape. */
    static Optional<SourceIdentity> identityOf(Path file) {
        Path containerDir = file.getParent();
        Path podDir = containerDir == null ? null : containerDir.getParent();
        if (podDir == null || podDir.getFileName() == null) {
            return Optional.empty();
        }
        String[] parts = podDir.getFileName().toString().split("_", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        String container = containerDir.getFileName().toString();
        return Optional.of(new SourceIdentity(parts[0], parts[1], container, null));
    }
}
