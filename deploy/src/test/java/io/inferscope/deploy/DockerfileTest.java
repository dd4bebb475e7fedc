package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/Dockerfile agrees with the manifests and the build: the base images asked for, the
 * entry point (run here with a stand-in {@code java}), the job jar where the FlinkDeployments look
 * for it, and the uids the pods run as. (No Docker engine is needed: the file is read, not built.)
 */
class DockerfileTest {
    static final String FLINK_IMAGE = "ghcr.io/inferscope/inferscope-flink";
    private static final Path ENTRYPOINT = DeployDir.root().resolve("docker/entrypoint.sh");

    private final String dockerfile = read();
    private final Manifests manifests = Manifests.load();

    @Test
    void baseImagesAreTemurin17JreAndFlink22Java17() {
        assertThat(dockerfile)
                .contains("ARG JRE_IMAGE=eclipse-temurin:17-jre\n")
                .contains("ARG FLINK_IMAGE=flink:2.2-java17\n")
                .contains("FROM ${JRE_IMAGE} AS inferscope\n")
                .contains("FROM ${FLINK_IMAGE} AS inferscope-flink\n");
    }

    @Test
    void theEntryPointIsTheScriptTheImageCopies() {
        assertThat(dockerfile)
                .contains("ENTRYPOINT [\"/opt/inferscope/entrypoint.sh\"]\n")
                .contains(
                        "COPY --chmod=755 deploy/docker/entrypoint.sh"
                                + " /opt/inferscope/entrypoint.sh\n")
                .contains("cp collectors/collector.jvm.options /out/app/collectors/");
    }

    /** The collectors the entry point runs on their own class path: name → main class. */
    private static Map<String, String> collectorMains() throws IOException {
        return collectorMains(ENTRYPOINT);
    }

    /** The {@code collector_main} map of a shell script: name → main class. */
    private static Map<String, String> collectorMains(Path script) throws IOException {
        Map<String, String> mains = new TreeMap<>();
        Pattern.compile("(?m)^\\s+([a-z]+)\\) echo ([a-zA-Z.]+) ;;$")
                .matcher(Files.readString(script))
                .results()
                .forEach(r -> mains.put(r.group(1), r.group(2)));
        return mains;
    }

    @Test
    void everyCollectorTheEntryPointNamesIsCopiedAndHasItsMain() throws Exception {
        Map<String, String> mains = collectorMains();
        assertThat(mains).containsOnlyKeys("gpu", "kubernetes", "logs");
        assertThat(dockerfile).contains("for name in " + String.join(" ", mains.keySet()) + "; do");
        for (String main : mains.values()) {
            assertThat(
                            Modifier.isStatic(
                                    Class.forName(main)
                                            .getMethod("main", String[].class)
                                            .getModifiers()))
                    .as(main)
                    .isTrue();
        }
        assertThat(Files.readString(ENTRYPOINT))
                .contains(io.inferscope.local.InferScopeCli.class.getName());
    }

    @Test
    void theImageAndTheInferscopeScriptRunTheSameCollectorMains() throws IOException {
        assertThat(collectorMains())
                .isEqualTo(collectorMains(DeployDir.repositoryRoot().resolve("inferscope")));
    }

    /** Runs entrypoint.sh with a {@code java} that prints its arguments, one per line. */
    private static List<String> entrypoint(Path app, String... args) throws Exception {
        Path bin = Files.createDirectories(app.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\necho \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        List<String> command = new ArrayList<>(List.of("sh", ENTRYPOINT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("INFERSCOPE_HOME", app.toString());
        pb.environment().remove("MALLOC_ARENA_MAX");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void aCollectorRunsOnItsOwnClassPathWithTheCollectorFlags(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("collectors/kubernetes"));
        assertThat(entrypoint(app, "collect", "kubernetes", "--cluster", "prod"))
                .containsExactly(
                        "@" + app + "/collectors/collector.jvm.options",
                        "-cp",
                        app + "/collectors/kubernetes/*",
                        "io.inferscope.collector.kubernetes.KubernetesCollectorMain",
                        "--cluster",
                        "prod",
                        "MALLOC_ARENA_MAX=2");
    }

    @Test
    void everythingElseRunsTheLauncher(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("collectors/kubernetes"));
        String launcher = app + "/inferscope.jar:" + app + "/lib/*";
        String cli = io.inferscope.local.InferScopeCli.class.getName();
        assertThat(entrypoint(app, "console", "--port", "8080"))
                .containsExactly(
                        "-cp", launcher, cli, "console", "--port", "8080", "MALLOC_ARENA_MAX=");
        assertThat(entrypoint(app, "collect", "--help"))
                .containsExactly("-cp", launcher, cli, "collect", "--help", "MALLOC_ARENA_MAX=");
        // a collector the image does not carry, or an unknown one: the launcher says what is wrong
        assertThat(entrypoint(app, "collect", "gpu")).contains(cli).doesNotContain("-Xmx96m");
        assertThat(entrypoint(app, "collect", "nothing")).contains(cli);
    }

    @Test
    void theJobJarLandsWhereTheFlinkDeploymentsLoadIt() throws IOException {
        String path = FlinkDeploymentsTest.JOB_JAR_URI.substring("local://".length());
        assertThat(dockerfile).contains(" " + path + "\n");
        assertThat(path).startsWith("/opt/flink/usrlib/");
        // The jar copied is stream-jobs' shaded artifact (classifier "job"), Flink left out.
        assertThat(dockerfile).contains("stream-jobs/target/inferscope-stream-jobs-*-job.jar");
        String pom = Files.readString(DeployDir.repositoryRoot().resolve("stream-jobs/pom.xml"));
        assertThat(pom).contains("<shadedClassifierName>job</shadedClassifierName>");
        for (GenericKubernetesResource j : manifests.custom("FlinkDeployment")) {
            assertThat((String) j.get("spec", "image")).startsWith(FLINK_IMAGE + ":");
        }
    }

    @Test
    void imagesRunAsTheNonRootUsersThePodsName() {
        List<String> users =
                Pattern.compile("(?m)^USER (.+)$")
                        .matcher(dockerfile)
                        .results()
                        .map(r -> r.group(1))
                        .toList();
        assertThat(users).containsExactly("10001:10001", "flink");
        for (Workloads.Workload w : Workloads.all(manifests)) {
            Long uid = w.pod().getSpec().getSecurityContext().getRunAsUser();
            if (w.isFlink()) {
                assertThat(uid).as("%s: the Flink image's flink user", w).isEqualTo(9999L);
            } else if (Boolean.TRUE.equals(
                    w.pod().getSpec().getSecurityContext().getRunAsNonRoot())) {
                assertThat(uid).as("%s: the image's inferscope user", w).isEqualTo(10001L);
            }
        }
    }

    private static String read() {
        try {
            return Files.readString(DeployDir.root().resolve("docker/Dockerfile"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
