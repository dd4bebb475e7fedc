package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GatheredTest {
    private static final long T0 = 1_773_756_310_000L;

    @Test
    void eventsFromTwoInstancesAreNewestFirstAndCutToTheLimitAgain() {
        ArrayNode mine = array(event("a", T0 + 5_000), event("b", T0 + 1_000));
        ArrayNode theirs = array(event("c", T0 + 9_000), event("d", T0 + 3_000));
        JsonNode merged = Gathered.events(Gathered.merge(mine, theirs), 3);
        assertThat(merged).extracting(e -> e.get("uid").asText()).containsExactly("c", "a", "d");
    }

    @Test
    void alertsFromTwoInstancesAreNewestFirst() {
        ArrayNode mine = array(alert("fp-1", T0 + 1_000));
        ArrayNode theirs = array(alert("fp-2", T0 + 2_000));
        assertThat(Gathered.alerts(Gathered.merge(mine, theirs)))
                .extracting(a -> a.get("fingerprint").asText())
                .containsExactly("fp-2", "fp-1");
    }

    @Test
    void groupListsAreUnitedWithoutDuplicates() {
        ObjectNode mine = Json.MAPPER.createObjectNode();
        mine.putArray("deployments").add("a").add("b");
        ObjectNode theirs = Json.MAPPER.createObjectNode();
        theirs.putArray("deployments").add("b").add("c");
        theirs.putArray("gpus").add("GPU-1");
        JsonNode merged = Gathered.merge(mine, theirs);
        assertThat(merged.get("deployments"))
                .extracting(JsonNode::asText)
                .containsExactly("a", "b", "c");
        assertThat(merged.get("gpus")).extracting(JsonNode::asText).containsExactly("GPU-1");
    }

    private static ArrayNode array(JsonNode... items) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    private static ObjectNode event(String uid, long lastMs) {
        ObjectNode e = Fixtures.event(uid, "vllm-llama", T0, "BackOff");
        ((ObjectNode) e.get("event")).put("last_ms", lastMs);
        return e;
    }

    private static ObjectNode alert(String fp, long updated) {
        return Fixtures.alert(fp, "firing", T0, null, updated);
    }
}
