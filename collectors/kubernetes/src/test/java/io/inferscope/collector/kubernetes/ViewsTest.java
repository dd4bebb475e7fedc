package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The collector's JSON mapping: watch-event objects parse into views, skipping the rest. */
class ViewsTest {
    private final KubernetesSerialization json = KubeClients.serialization();

    /** What a watch event's object is parsed as: fabric8 picks the class by apiVersion and kind. */
    private KubernetesResource object(String apiVersion, String kind, String rest) {
        return json.unmarshal(
                "{\"apiVersion\":\""
                        + apiVersion
                        + "\",\"kind\":\""
                        + kind
                        + "\",\"metadata\":{\"name\":\"x\",\"namespace\":\"ns\"}"
                        + rest
                        + "}",
                KubernetesResource.class);
    }

    @Test
    void everyWatchedKindParsesIntoItsView() {
        assertThat(object("v1", "Pod", "")).isInstanceOf(PodView.class);
        assertThat(object("apps/v1", "ReplicaSet", "")).isInstanceOf(ReplicaSetView.class);
        assertThat(object("apps/v1", "Deployment", "")).isInstanceOf(DeploymentView.class);
        assertThat(object("autoscaling/v2", "HorizontalPodAutoscaler", ""))
                .isInstanceOf(HpaView.class);
        assertThat(object("v1", "ResourceQuota", "")).isInstanceOf(QuotaView.class);
        assertThat(object("v1", "Event", "")).isInstanceOf(EventView.class);
        assertThat(KubeClients.VIEWS).hasSize(6);
    }

    @Test
    void aWatchErrorParsesAsAStatusSoThatGoneMeansListingAgain() {
        // fabric8's watch manager acts on an ERROR event only when its object is a Status: on 410
        // Gone the informer lists again; anything else would re-watch the expired version forever.
        WatchEvent event =
                json.unmarshal(
                        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                                + "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                                + "\"message\":\"too old resource version: 1 (42)\","
                                + "\"reason\":\"Expired\",\"code\":410}}",
                        WatchEvent.class);
        assertThat(event.getObject()).isInstanceOf(Status.class);
        assertThat(((Status) event.getObject()).getCode()).isEqualTo(410);
        WatchEvent added =
                json.unmarshal(
                        "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":"
                                + "\"v1\",\"metadata\":{\"name\":\"p\"}}}",
                        WatchEvent.class);
        assertThat(added.getObject()).isInstanceOf(PodView.class);
    }

    @Test
    void unreadFieldsAreSkippedAndReadOnesKept() {
        PodView pod =
                (PodView)
                        object(
                                "v1",
                                "Pod",
                                ",\"spec\":{\"nodeName\":\"n1\",\"volumes\":[{\"name\":\"v\","
                                        + "\"emptyDir\":{}}],\"containers\":[{\"name\":\"c\","
                                        + "\"image\":\"i\",\"env\":[{\"name\":\"K\",\"value\":"
                                        + "\"secret\"}],\"resources\":{\"requests\":{\"cpu\":"
                                        + "\"500m\"}}}]},\"status\":{\"phase\":\"Running\","
                                        + "\"podIP\":\"10.0.0.1\",\"conditions\":[{\"type\":"
                                        + "\"Ready\",\"status\":\"True\",\"lastTransitionTime\":"
                                        + "\"2026-01-01T00:00:00Z\",\"lastProbeTime\":null}]},"
                                        + "\"somethingNew\":{\"a\":1}");
        assertThat(pod.getSpec().nodeName()).isEqualTo("n1");
        assertThat(pod.getSpec().containers()).hasSize(1);
        assertThat(pod.getSpec().containers().get(0).resources().requests().get("cpu"))
                .hasToString("500m");
        assertThat(pod.getStatus().phase()).isEqualTo("Running");
        assertThat(pod.getStatus().conditions().get(0).lastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(pod.getKind()).isEqualTo("Pod");
        assertThat(pod.getApiVersion()).isEqualTo("v1");
    }

    @Test
    void metadataSkipsManagedFieldsAndAnnotations() {
        PodView pod =
                (PodView)
                        json.unmarshal(
                                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
                                        + "\"p\",\"uid\":\"u\",\"labels\":{\"app\":\"a\"},"
                                        + "\"annotations\":{\"kubectl.kubernetes.io/"
                                        + "last-applied-configuration\":\"{...}\"},"
                                        + "\"managedFields\":[{\"manager\":\"kubelet\","
                                        + "\"fieldsV1\":{\"f:status\":{}}}]}}",
                                KubernetesResource.class);
        assertThat(pod.getMetadata().getUid()).isEqualTo("u");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "a");
        assertThat(pod.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(pod.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(pod.getMetadata().getAdditionalProperties()).isEmpty();
        ObjectMeta written = new ObjectMeta();
        written.setName("w");
        written.setAnnotations(java.util.Map.of("a", "b"));
        assertThat(json.asJson(written)).as("writing keeps them").contains("\"annotations\"");
    }

    @Test
    void eventTimesAndInvolvedObjectAreRead() {
        EventView e =
                (EventView)
                        object(
                                "v1",
                                "Event",
                                ",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\","
                                        + "\"uid\":\"pu\",\"fieldPath\":\"spec\"},\"reason\":"
                                        + "\"BackOff\",\"type\":\"Warning\",\"eventTime\":"
                                        + "\"2026-01-01T00:00:01.123456Z\",\"series\":{\"count\":"
                                        + "3,\"lastObservedTime\":\"2026-01-01T00:00:05.000000Z\"}");
        assertThat(e.getInvolvedObject()).isEqualTo(new EventView.Ref("Pod", null, "p", "pu"));
        var body = EventMapping.body(e, null);
        assertThat(body.firstMs()).isEqualTo(1_767_225_601_123L);
        assertThat(body.lastMs()).isEqualTo(1_767_225_605_000L);
        assertThat(body.count()).isEqualTo(3);
    }
}
