package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedTest {

    private static Map<String, Quantity> requests() {
        Map<String, Quantity> m = new LinkedHashMap<>();
        m.put("cpu", new Quantity("4"));
        m.put("nvidia.com/gpu", new Quantity("1"));
        return m;
    }

    @Test
    void equalValuesAreStoredOnce() {
        Shared shared = new Shared(10);
        Map<String, Quantity> first = shared.share(requests());
        Map<String, Quantity> second = shared.share(requests());
        assertThat(second).isSameAs(first).isEqualTo(requests());
        assertThat(shared.share((String) null)).isNull();
        assertThat(shared.size()).isEqualTo(1);
    }

    @Test
    void pastTheBoundNewValuesAreKeptAsTheyAre() {
        Shared shared = new Shared(1);
        shared.share("a");
        String b = new String("b");
        assertThat(shared.share(b)).isSameAs(b);
        assertThat(shared.share(new String("b"))).isNotSameAs(b);
        assertThat(shared.size()).isEqualTo(1);
    }
}
