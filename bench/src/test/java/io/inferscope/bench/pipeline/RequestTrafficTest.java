package io.inferscope.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RequestTrafficTest {
    private static final long T0 = 1_700_000_100_000L;

    @Test
    void everyRequestStartsAndEndsOnceInEventTimeOrder() {
        RequestTraffic traffic = new RequestTraffic("t-", T0, 2, 5_000, 1);
        Map<String, Long> starts = new HashMap<>();
        int ends = 0;
        long lastTs = Long.MIN_VALUE;
        long bytes = 0;
        int records = 0;
        while (traffic.hasNext()) {
            RequestEvent e = traffic.next();
            assertThat(e.tsMs()).isGreaterThanOrEqualTo(lastTs);
            lastTs = e.tsMs();
            if (e.isStart()) {
                assertThat(starts.put(e.requestId(), e.tsMs())).isNull();
            } else {
                assertThat(e.tsMs()).isGreaterThan(starts.get(e.requestId()));
                ends++;
            }
            bytes += Topics.RAW_REQUESTS.codec().encode(e).length;
            records++;
        }
        assertThat(starts).hasSize(5_000);
        assertThat(ends).isEqualTo(5_000);
        assertThat(lastTs).isLessThanOrEqualTo(traffic.latestPossibleMs());
        assertThat(bytes / records).isBetween(300L, 450L); // the realistic size asked for
    }

    @Test
    void tailKeysLandInTheAskedPartitionWithKafkasOwnPartitioner() {
        for (int p = 0; p < 3; p++) {
            String key = Traffic.keyForPartition("tail-", p, 3);
            assertThat(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3))
                    .isEqualTo(p);
        }
    }
}
