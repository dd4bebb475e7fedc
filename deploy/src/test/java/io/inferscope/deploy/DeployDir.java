package io.inferscope.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test live: the {@code deploy/} module directory and its parts. */
final class DeployDir {
    private DeployDir() {}

    /** The module directory (surefire's {@code basedir}, else the working directory). */
    static Path root() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
            throw new IllegalStateException("not the deploy/ directory: " + dir);
        }
        return dir;
    }

    static Path base() {
        return root().resolve("base");
    }

    static Path repositoryRoot() {
        return root().getParent();
    }

    static String relative(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }
}
