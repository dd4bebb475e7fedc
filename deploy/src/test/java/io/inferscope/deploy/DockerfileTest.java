package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile agrees with the manifests and the build: the base images asked for, the
 * entry point's class, the job jar where the FlinkDeployments look for it, and the uids the pods
 * run as. (No Docker engine is needed: the file is read, not built.)
 */
class DockerfileTest {
    static final String FLINK_IMAGE = "ghcr.io/inferscope/inferscope-flink";

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
    void theEntryPointRunsTheInferscopeCommandLine() throws Exception {
        Matcher m = Pattern.compile("ENTRYPOINT \\[.*\"([a-zA-Z.]+)\"\\]").matcher(dockerfile);
        assertThat(m.find()).as("an exec-form ENTRYPOINT").isTrue();
        Class<?> main = Class.forName(m.group(1));
        assertThat(Modifier.isStatic(main.getMethod("main", String[].class).getModifiers()))
                .isTrue();
        assertThat(main).isEqualTo(io.inferscope.local.InferScopeCli.class);
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
