package io.inferscope.jobs.cluster;

import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Container;
import io.inferscope.schemas.K8sRecord.Kind;
import io.inferscope.schemas.K8sRecord.Phase;
import java.util.List;
import java.util.Map;

/** Named times and Kubernetes record builders shared by the cluster-metrics tests. */
final class K8sFixtures {
    /** A multiple of 10 s. */
    static final long T0 = 1_700_000_100_000L;

    static final String CLUSTER = "c1";
    static final String NS = "serving";
    static final String DEPLOYMENT = "llama";
    static final String KEY = "c1\u001fserving\u001fllama";

    private K8sFixtures() {}

    static K8sRecord record(
            Kind kind, long ts, Action action, String uid, String name, Object body) {
        return new K8sRecord(
                kind,
                ts,
                action,
                uid,
                CLUSTER,
                NS,
                name,
                kind == Kind.POD ? (K8sRecord.Pod) body : null,
                kind == Kind.DEPLOYMENT ? (K8sRecord.Deployment) body : null,
                kind == Kind.HPA ? (K8sRecord.Hpa) body : null,
                kind == Kind.QUOTA ? (K8sRecord.Quota) body : null,
                kind == Kind.EVENT ? (K8sRecord.Event) body : null,
                kind == Kind.USAGE ? (K8sRecord.Usage) body : null);
    }

    static Container container(String name, int restarts, String waiting) {
        return new Container(
                name,
                restarts,
                waiting == null,
                waiting,
                null,
                Map.of("cpu", 2.0, "memory", 4e9, "nvidia.com/gpu", 1.0),
                Map.of("cpu", 4.0, "memory", 8e9, "nvidia.com/gpu", 1.0));
    }

    /** A pod of the deployment created at {@code created}, scheduled at {@code scheduled}. */
    static K8sRecord pod(
            long ts,
            Action action,
            String uid,
            Phase phase,
            Boolean ready,
            Long created,
            Long scheduled,
            Container... containers) {
        return record(
                Kind.POD,
                ts,
                action,
                uid,
                "llama-" + uid,
                new K8sRecord.Pod(
                        phase,
                        ready,
                        "node-1",
                        DEPLOYMENT,
                        created,
                        scheduled,
                        Boolean.TRUE.equals(ready) ? scheduled : null,
                        List.of(containers)));
    }

    static K8sRecord running(long ts, Action action, String uid, long created, int restarts) {
        return pod(
                ts,
                action,
                uid,
                Phase.RUNNING,
                true,
                created,
                created + 500,
                container("server", restarts, null));
    }

    static K8sRecord deployment(long ts, Action action, int desired, int ready) {
        return record(
                Kind.DEPLOYMENT,
                ts,
                action,
                "dep-uid",
                DEPLOYMENT,
                new K8sRecord.Deployment(desired, ready, ready, desired));
    }

    static K8sRecord hpa(long ts, int min, int max, int current, int desired) {
        return record(
                Kind.HPA,
                ts,
                Action.UPDATED,
                "hpa-uid",
                DEPLOYMENT,
                new K8sRecord.Hpa(DEPLOYMENT, min, max, current, desired));
    }

    static K8sRecord event(long ts, String uid, String type, String reason, Integer count) {
        return record(
                Kind.EVENT,
                ts,
                Action.ADDED,
                uid,
                "ev-" + uid,
                new K8sRecord.Event(
                        type, reason, null, "Pod", "p", null, DEPLOYMENT, count, null, null));
    }

    static K8sRecord usage(long ts, String podUid, String container, double cpu, long mem) {
        return record(
                Kind.USAGE,
                ts,
                Action.UPDATED,
                "u-" + podUid + "-" + container,
                "llama-" + podUid,
                new K8sRecord.Usage("llama-" + podUid, container, DEPLOYMENT, cpu, mem, 30_000L));
    }

    static K8sRecord quota(
            long ts,
            Action action,
            String name,
            Map<String, Double> hard,
            Map<String, Double> used) {
        return record(Kind.QUOTA, ts, action, "q-" + name, name, new K8sRecord.Quota(hard, used));
    }
}
