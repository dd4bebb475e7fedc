package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RbacTest {
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    /**
     * Exactly what the kubernetes collector reads ("group/resource" to verbs): its informers
     * (get/list/watch) and the metrics.k8s.io poll (get/list). Anything more is not least
     * privilege; anything less stops the collector at start with a 403.
     */
    private static final Map<String, Set<String>> COLLECTOR_NEEDS =
            Map.of(
                    "/pods", READ_VERBS,
                    "/resourcequotas", READ_VERBS,
                    "/events", READ_VERBS,
                    "apps/deployments", READ_VERBS,
                    "apps/replicasets", READ_VERBS,
                    "autoscaling/horizontalpodautoscalers", READ_VERBS,
                    "metrics.k8s.io/pods", Set.of("get", "list"));

    private final Manifests manifests = Manifests.load();

    @Test
    void everyRuleOnlyReadsAndNamesNoWildcard() {
        List<PolicyRule> rules = allRules();
        assertThat(rules).isNotEmpty();
        for (PolicyRule r : rules) {
            assertThat(r.getVerbs()).as(r.toString()).isNotEmpty().isSubsetOf(READ_VERBS);
            assertThat(r.getApiGroups()).as(r.toString()).isNotEmpty().doesNotContain("*");
            assertThat(r.getResources())
                    .as(r.toString())
                    .isNotEmpty()
                    .noneMatch(res -> res.contains("*"));
            assertThat(r.getResources())
                    .as("%s: no secrets, no config maps", r)
                    .doesNotContain("secrets", "configmaps");
            assertThat(r.getNonResourceURLs()).as(r.toString()).isNullOrEmpty();
        }
    }

    @Test
    void theKubernetesCollectorGetsExactlyWhatItReads() {
        ClusterRole role =
                manifests.typed(ClusterRole.class).stream()
                        .filter(
                                r ->
                                        r.getMetadata()
                                                .getName()
                                                .equals("inferscope-collector-kubernetes"))
                        .findFirst()
                        .orElseThrow();
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule r : role.getRules()) {
            for (String group : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    granted.computeIfAbsent(group + "/" + res, k -> new TreeSet<>())
                            .addAll(r.getVerbs());
                }
            }
        }
        assertThat(granted).isEqualTo(new TreeMap<>(COLLECTOR_NEEDS));
    }

    private List<PolicyRule> allRules() {
        List<PolicyRule> out = new ArrayList<>();
        manifests.typed(ClusterRole.class).forEach(r -> out.addAll(r.getRules()));
        manifests.typed(Role.class).forEach(r -> out.addAll(r.getRules()));
        return out;
    }
}
