package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    /**
     * Pods that run as root, and why: only root may connect to the kubelet's pod-resources socket
     * and read the root-owned container log files. Both still drop every capability.
     */
    private static final Set<String> ROOT_PODS =
            Set.of("inferscope-collector-gpu", "inferscope-collector-logs");

    /** Host paths a pod may mount, and whether the mount must be read-only. */
    private static final Map<String, Boolean> HOST_PATHS_READ_ONLY =
            Map.of(
                    "/var/lib/kubelet/pod-resources", true,
                    "/var/log/pods", true,
                    // the logs collector's read offsets and spool, kept across pod restarts
                    "/var/lib/inferscope/logs", false);

    private final Manifests manifests = Manifests.load();
    private final List<Workloads.Workload> workloads = Workloads.all(manifests);

    @Test
    void everyComponentRunsAsAWorkload() {
        assertThat(workloads)
                .extracting(Workloads.Workload::name)
                .contains(
                        "inferscope-gateway",
                        "inferscope-collector-gpu",
                        "inferscope-collector-kubernetes",
                        "inferscope-collector-logs",
                        "inferscope-console");
    }

    @Test
    void everySelectorMatchesItsPodTemplateLabels() {
        for (Workloads.Workload w : workloads) {
            if (w.isFlink()) {
                continue; // the operator writes its own selectors
            }
            assertThat(w.selector().getMatchExpressions()).as(w.toString()).isNullOrEmpty();
            Map<String, String> selector = w.selector().getMatchLabels();
            assertThat(selector).as("%s selector", w).isNotEmpty();
            assertThat(w.pod().getMetadata().getLabels())
                    .as("%s pod labels", w)
                    .containsAllEntriesOf(selector);
        }
    }

    @Test
    void everyServiceSelectsAWorkloadAndOneOfItsPorts() {
        List<Service> services = manifests.typed(Service.class);
        assertThat(services).isNotEmpty();
        for (Service s : services) {
            String name = "Service/" + s.getMetadata().getName();
            Map<String, String> selector = s.getSpec().getSelector();
            assertThat(selector).as(name).isNotEmpty();
            List<Workloads.Workload> selected = selectedBy(selector);
            assertThat(selected).as("%s selects no workload", name).isNotEmpty();
            for (ServicePort p : s.getSpec().getPorts()) {
                for (Workloads.Workload w : selected) {
                    assertThat(hasPort(w, p.getTargetPort()))
                            .as(
                                    "%s port %s -> %s: no such container port in %s",
                                    name, p.getPort(), p.getTargetPort(), w)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyDisruptionBudgetSelectsAWorkload() {
        for (PodDisruptionBudget pdb : manifests.typed(PodDisruptionBudget.class)) {
            assertThat(selectedBy(pdb.getSpec().getSelector().getMatchLabels()))
                    .as("PodDisruptionBudget/%s", pdb.getMetadata().getName())
                    .isNotEmpty();
        }
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        for (Workloads.Workload w : workloads) {
            if (w.isFlink()) {
                continue; // sized by jobManager.resource / taskManager.resource, checked apart
            }
            for (Container c : w.pod().getSpec().getContainers()) {
                var r = c.getResources();
                String what = w + " container " + c.getName();
                assertThat(r).as(what).isNotNull();
                assertThat(r.getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(r.getLimits()).as(what + " limits").containsKeys("cpu", "memory");
            }
        }
    }

    @Test
    void podsRunAsNonRootWithReadOnlyRootFileSystemsWherePossible() {
        for (Workloads.Workload w : workloads) {
            PodSecurityContext pod = w.pod().getSpec().getSecurityContext();
            assertThat(pod).as(w.toString()).isNotNull();
            assertThat(pod.getSeccompProfile().getType())
                    .as(w.toString())
                    .isEqualTo("RuntimeDefault");
            if (ROOT_PODS.contains(w.name())) {
                assertThat(pod.getRunAsUser()).as(w.toString()).isZero();
            } else {
                assertThat(pod.getRunAsNonRoot()).as(w.toString()).isTrue();
                assertThat(pod.getRunAsUser()).as(w.toString()).isPositive();
            }
            for (Container c : w.pod().getSpec().getContainers()) {
                String what = w + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as(what).isNotNull();
                assertThat(sc.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                if (!w.isFlink()) {
                    // The Flink image's entry point writes its configuration under /opt/flink.
                    assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
                }
            }
            assertThat(w.pod().getSpec().getHostNetwork()).as(w.toString()).isNotEqualTo(true);
            assertThat(w.pod().getSpec().getHostPID()).as(w.toString()).isNotEqualTo(true);
        }
    }

    @Test
    void onlyKnownHostPathsAreMountedAndReadOnlyWhereTheyOnlyAreRead() {
        for (Workloads.Workload w : workloads) {
            for (Volume v : w.pod().getSpec().getVolumes()) {
                if (v.getHostPath() == null) {
                    continue;
                }
                String path = v.getHostPath().getPath();
                assertThat(HOST_PATHS_READ_ONLY).as("%s host path %s", w, path).containsKey(path);
                for (Container c : w.pod().getSpec().getContainers()) {
                    for (VolumeMount m : c.getVolumeMounts()) {
                        if (m.getName().equals(v.getName()) && HOST_PATHS_READ_ONLY.get(path)) {
                            assertThat(m.getReadOnly()).as("%s mounts %s", w, path).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyPodsWithTheirOwnServiceAccountGetAnApiToken() {
        for (Workloads.Workload w : workloads) {
            if (w.isFlink()) {
                continue; // the JobManager starts TaskManagers through the API
            }
            var spec = w.pod().getSpec();
            boolean ownAccount = spec.getServiceAccountName() != null;
            assertThat(spec.getAutomountServiceAccountToken())
                    .as(w.toString())
                    .isEqualTo(ownAccount);
        }
    }

    @Test
    void theGpuCollectorRunsOnGpuNodesWithTheNvidiaRuntime() {
        var spec = pod("inferscope-collector-gpu").getSpec();
        assertThat(spec.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(spec.getRuntimeClassName()).isEqualTo("nvidia");
        Container c = spec.getContainers().get(0);
        assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(c.getVolumeMounts())
                .anySatisfy(
                        m -> {
                            assertThat(m.getMountPath())
                                    .isEqualTo("/var/lib/kubelet/pod-resources");
                            assertThat(m.getReadOnly()).isTrue();
                        });
    }

    private io.fabric8.kubernetes.api.model.PodTemplateSpec pod(String name) {
        return workloads.stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElseThrow()
                .pod();
    }

    private List<Workloads.Workload> selectedBy(Map<String, String> selector) {
        return workloads.stream()
                .filter(w -> !w.isFlink())
                .filter(
                        w ->
                                Optional.ofNullable(w.pod().getMetadata().getLabels())
                                        .orElse(Map.of())
                                        .entrySet()
                                        .containsAll(selector.entrySet()))
                .toList();
    }

    private static boolean hasPort(Workloads.Workload w, IntOrString target) {
        for (Container c : w.pod().getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                if (target.getStrVal() != null
                        ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort())) {
                    return true;
                }
            }
        }
        return false;
    }
}
