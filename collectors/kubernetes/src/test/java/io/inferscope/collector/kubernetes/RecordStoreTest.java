package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.K8sRecord.Action;
import io.inferscope.schemas.K8sRecord.Kind;
import org.junit.jupiter.api.Test;

/** The informer cache keeps a stub and the record of each object, never the object itself. */
class RecordStoreTest {
    private static final long T = 1_767_225_600_000L;

    private static K8sRecord map(PodView p) {
        return Records.of(Kind.POD, T, Action.ADDED, "c", p, PodMapping.body(p, "d"));
    }

    private final RecordStore<PodView> store =
            new RecordStore<>(Slim::podStub, RecordStoreTest::map);

    @Test
    void theStubAndTheCachedVersionAsReceivedCarryTheRecordOfTheFullObject() {
        PodView full = Views.view(SlimTest.fullPod());
        String key = store.getKey(full);
        assertThat(store.put(key, full)).isNull();
        PodView stub = store.get(key);
        assertThat(stub).isNotSameAs(full);
        assertThat(store.cached(stub).record()).isEqualTo(map(full));
        assertThat(store.cached(full).record()).isEqualTo(map(full));
        PodView newer =
                Views.view(
                        new PodBuilder(SlimTest.fullPod())
                                .editMetadata()
                                .withResourceVersion("43")
                                .endMetadata()
                                .build());
        assertThat(store.cached(newer)).as("another version: the handler maps it").isNull();
        assertThat(store.put(key, newer)).isSameAs(stub);
        assertThat(store.remove(key)).isNotNull();
        assertThat(store.cached(stub)).isNull();
        assertThat(store.size()).isZero();
    }

    @Test
    void anUnmappableObjectIsCachedWithoutARecord() {
        // the handler's mapper counts the failure and answers null: the stub stays for lookups
        RecordStore<PodView> lenient = new RecordStore<>(Slim::podStub, p -> null);
        PodView full = Views.view(SlimTest.fullPod());
        lenient.put(lenient.getKey(full), full);
        assertThat(lenient.cached(full)).isNotNull();
        assertThat(lenient.cached(full).record()).isNull();
        assertThat(lenient.get(lenient.getKey(full)).getMetadata().getUid()).isEqualTo("pod-uid");
    }

    @Test
    void equalContainersOfDifferentPodsAreStoredOnce() {
        PodView a = Views.view(SlimTest.fullPod());
        PodView b =
                Views.view(
                        new PodBuilder(SlimTest.fullPod())
                                .editMetadata()
                                .withName("vllm-llama-7d9f-fghij")
                                .withUid("pod-uid-2")
                                .endMetadata()
                                .build());
        store.put(store.getKey(a), a);
        store.put(store.getKey(b), b);
        K8sRecord ra = store.cached(store.get(store.getKey(a))).record();
        K8sRecord rb = store.cached(store.get(store.getKey(b))).record();
        assertThat(ra.uid()).isEqualTo("pod-uid");
        assertThat(rb.uid()).isEqualTo("pod-uid-2");
        assertThat(rb.pod().containers()).isSameAs(ra.pod().containers());
        assertThat(ra).isEqualTo(map(a));
    }
}
