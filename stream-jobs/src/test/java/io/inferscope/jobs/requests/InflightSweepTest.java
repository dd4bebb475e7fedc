package io.inferscope.jobs.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InflightSweepTest {

    @Test
    void maxMeanAndEndFollowTheStepFunction() {
        // One request in flight at the start; +1 at 2 s, +1 at 3 s, -1 at 5 s and at 8 s.
        TreeMap<Long, Integer> deltas = new TreeMap<>();
        deltas.put(2_000L, 1);
        deltas.put(3_000L, 1);
        deltas.put(5_000L, -1);
        deltas.put(8_000L, -1);

        InflightSweep s = InflightSweep.of(1, deltas, 0, 10_000);

        // 1 for 2 s, 2 for 1 s, 3 for 2 s, 2 for 3 s, 1 for 2 s: (2+2+6+6+2)/10 = 1.8
        assertThat(s.max()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(1.8, within(1e-12));
        assertThat(s.end()).isEqualTo(1);
    }

    @Test
    void aCountReplacedAtTheFirstMillisecondIsNeverTheMax() {
        TreeMap<Long, Integer> deltas = new TreeMap<>();
        deltas.put(10_000L, -2);
        deltas.put(15_000L, 1);

        InflightSweep s = InflightSweep.of(2, deltas, 10_000, 20_000);

        assertThat(s.max()).isEqualTo(1);
        assertThat(s.mean()).isCloseTo(0.5, within(1e-12));
        assertThat(s.end()).isEqualTo(1);
    }

    @Test
    void noChangesHoldTheCarriedCount() {
        InflightSweep s = InflightSweep.of(4, new TreeMap<>(), 0, 10_000);
        assertThat(s).isEqualTo(new InflightSweep(4, 4.0, 4));
    }

    @Test
    void packedChangesInArrivalOrderSweepLikeTheNetChangePerMillisecond() {
        SplittableRandom random = new SplittableRandom(7);
        InflightDeltas packed = new InflightDeltas();
        TreeMap<Long, Integer> net = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            long offset = random.nextInt(10_000); // collisions: several changes per millisecond
            int delta = random.nextBoolean() ? 1 : -1;
            packed.add(offset, delta);
            net.merge(20_000 + offset, delta, Integer::sum);
        }
        net.values().removeIf(v -> v == 0);

        InflightSweep fromPacked = packed.sweep(300, 20_000, 30_000);
        InflightSweep fromNet = InflightSweep.of(300, net, 20_000, 30_000);

        assertThat(fromPacked.max()).isEqualTo(fromNet.max());
        assertThat(fromPacked.end()).isEqualTo(fromNet.end());
        assertThat(fromPacked.mean()).isCloseTo(fromNet.mean(), within(1e-9));
    }
}
