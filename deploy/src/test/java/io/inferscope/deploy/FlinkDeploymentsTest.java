package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.inferscope.jobs.common.JobConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One FlinkDeployment per job class of stream-jobs, each in application mode with the settings
 * exactly-once needs, and arguments the job's own option parser accepts.
 */
class FlinkDeploymentsTest {
    static final String JOB_JAR_URI = "local:///opt/flink/usrlib/inferscope-stream-jobs-job.jar";

    /**
     * Jobs whose FlinkDeployment is written ahead of their class (being added to stream-jobs).
     * {@link #pendingJobClassesAreStillMissing} fails once a class exists: then drop it here, and
     * the checks below cover its FlinkDeployment like the others.
     */
    private final Manifests manifests = Manifests.load();

    private final List<GenericKubernetesResource> jobs = manifests.custom("FlinkDeployment");

    @Test
    void everyJobClassHasExactlyOneFlinkDeployment() throws IOException {
        List<String> entryClasses = entryClasses();
        assertThat(entryClasses).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(entryClasses)).isEqualTo(JobClasses.inStreamJobs());
    }

    @Test
    void everyEntryClassHasAMainMethod() throws ClassNotFoundException {
        for (String entry : entryClasses()) {
            Method main;
            try {
                main = Class.forName(entry).getMethod("main", String[].class);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(entry + " has no main(String[])", e);
            }
            assertThat(Modifier.isStatic(main.getModifiers())).as(entry).isTrue();
        }
    }

    @Test
    void jobsRunInApplicationModeWithExactlyOnceCheckpointsToDurableStorage() {
        Set<String> stateDirs = new HashSet<>();
        for (GenericKubernetesResource j : jobs) {
            String name = j.getMetadata().getName();
            assertThat((String) j.get("spec", "flinkVersion")).as(name).isEqualTo("v2_2");
            // A job section on the FlinkDeployment itself = application mode (no session cluster).
            assertThat((String) j.get("spec", "job", "jarURI")).as(name).isEqualTo(JOB_JAR_URI);
            assertThat((Integer) j.get("spec", "job", "parallelism")).as(name).isEqualTo(2);
            assertThat((String) j.get("spec", "job", "upgradeMode"))
                    .as(name)
                    .isEqualTo("savepoint");
            assertThat((String) j.get("spec", "job", "state")).as(name).isEqualTo("running");
            Map<String, Object> conf = flinkConfiguration(j);
            assertThat(conf)
                    .as(name)
                    .containsEntry("state.backend.type", "rocksdb")
                    .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                    .containsEntry("high-availability.type", "kubernetes")
                    .containsKey("execution.checkpointing.interval");
            for (String key :
                    List.of(
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir",
                            "high-availability.storageDir")) {
                String dir = (String) conf.get(key);
                assertThat(dir)
                        .as("%s %s", name, key)
                        .startsWith("s3://")
                        .contains("/" + name + "/");
                assertThat(stateDirs.add(dir)).as("%s is shared", dir).isTrue();
            }
            for (String part : List.of("jobManager", "taskManager")) {
                assertThat((Object) j.get("spec", part, "resource", "cpu")).as(name).isNotNull();
                assertThat((Object) j.get("spec", part, "resource", "memory")).as(name).isNotNull();
            }
        }
    }

    @Test
    void jobArgumentsAreOptionsTheJobsAccept(@TempDir Path tmp) throws IOException {
        Path kafkaConfig =
                Files.writeString(tmp.resolve("kafka.properties"), "security.protocol=SASL_SSL\n");
        String bootstrap = manifests.configMapData("inferscope-config").get("KAFKA_BOOTSTRAP");
        for (GenericKubernetesResource j : jobs) {
            String name = j.getMetadata().getName();
            List<String> args = new ArrayList<>(args(j));
            assertThat(args).as(name).contains(ContainerArgsTest.KAFKA_CONFIG);
            args.replaceAll(
                    a -> a.equals(ContainerArgsTest.KAFKA_CONFIG) ? kafkaConfig.toString() : a);
            JobConfig config =
                    JobConfig.fromArgs(args.toArray(String[]::new)); // unknown option: throws
            assertThat(config.bootstrapServers())
                    .as("%s bootstrap = the ConfigMap's", name)
                    .isEqualTo(bootstrap);
            assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        }
    }

    @Test
    void theKafkaClientConfigIsMountedFromASecretInJobAndTaskManagers() {
        for (Workloads.Workload w : Workloads.all(manifests)) {
            if (!w.isFlink()) {
                continue;
            }
            // The operator merges the container named flink-main-container into both pod kinds.
            Container main =
                    w.pod().getSpec().getContainers().stream()
                            .filter(c -> c.getName().equals("flink-main-container"))
                            .findFirst()
                            .orElseThrow(
                                    () -> new AssertionError(w + " has no flink-main-container"));
            ContainerArgsTest.assertSecretMounted(
                    w.pod().getSpec(), main, ContainerArgsTest.KAFKA_CONFIG);
        }
    }

    @Test
    void flinkConfigurationUsesFlinksCurrentOptionKeys() {
        for (GenericKubernetesResource j : jobs) {
            for (Map.Entry<String, Object> e : flinkConfiguration(j).entrySet()) {
                String problem = FlinkOptionKeys.check(e.getKey());
                assertThat(problem).as("%s: %s", j.getMetadata().getName(), e.getKey()).isNull();
                assertThat(e.getValue())
                        .as("%s values are strings", e.getKey())
                        .isInstanceOf(String.class);
            }
        }
    }

    @Test
    void aRenamedOrUnknownFlinkKeyIsCaught() {
        assertThat(FlinkOptionKeys.check("state.checkpoints.dir"))
                .contains("execution.checkpointing.dir");
        assertThat(FlinkOptionKeys.check("execution.checkpointing.intervall")).isNotNull();
        assertThat(FlinkOptionKeys.check("execution.checkpointing.interval")).isNull();
    }

    private List<String> entryClasses() {
        return jobs.stream().map(j -> (String) j.get("spec", "job", "entryClass")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flinkConfiguration(GenericKubernetesResource j) {
        return (Map<String, Object>) j.get("spec", "flinkConfiguration");
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(GenericKubernetesResource j) {
        return (List<String>) j.get("spec", "job", "args");
    }
}
