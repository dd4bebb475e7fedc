package io.inferscope.jobs.requests;

import static io.inferscope.jobs.requests.Fixtures.NO_REPLICA;
import static io.inferscope.jobs.requests.Fixtures.POD_A;
import static io.inferscope.jobs.requests.Fixtures.T0;
import static io.inferscope.jobs.requests.Fixtures.T0_PLUS_10S;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.JobConfig;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartialWindowsOperatorTest {
    private static final String POD_A_REPLICA = GroupKey.of(Scope.REPLICA, POD_A);
    private static final String POD_A_DEPLOYMENT = GroupKey.of(Scope.DEPLOYMENT_MODEL, POD_A);

    private OneInputStreamOperatorTestHarness<Fact, PartialWindow> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new PartialWindowsOperator(JobConfig.builder().build()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Fact arrival(long ts, Labels labels) {
        Fact f = Fact.at(ts, labels);
        f.arrivals = 1;
        f.inflightDelta = 1;
        return f;
    }

    private static Fact finish(long ts, Labels labels, double e2e) {
        Fact f = Fact.at(ts, labels);
        f.finishes = 1;
        f.inflightDelta = -1;
        f.e2eMs = e2e;
        f.good = true;
        return f;
    }

    private void send(Fact... facts) throws Exception {
        for (Fact f : facts) {
            harness.processElement(new StreamRecord<>(f, f.ts));
        }
    }

    private List<PartialWindow> partials() {
        List<PartialWindow> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((PartialWindow) r.getValue());
            }
        }
        return out;
    }

    private static PartialWindow of(List<PartialWindow> partials, String group, long start) {
        return partials.stream()
                .filter(p -> p.group.equals(group) && p.windowStart == start)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no partial for " + group + " @" + start));
    }

    @Test
    void factsOfOneWindowAndGroupBecomeOnePartialPerScope() throws Exception {
        send(
                arrival(T0 + 1_000, POD_A),
                arrival(T0 + 2_000, POD_A),
                finish(T0 + 3_000, POD_A, 2_000),
                arrival(T0 + 4_000, NO_REPLICA));

        harness.processWatermark(new Watermark(T0_PLUS_10S - 1));

        List<PartialWindow> out = partials();
        assertThat(out).hasSize(2); // POD_A's replica; the deployment/model of both label sets
        PartialWindow replica = of(out, POD_A_REPLICA, T0);
        assertThat(replica.acc.arrivals).isEqualTo(2);
        assertThat(replica.acc.finishes).isEqualTo(1);
        assertThat(replica.acc.e2e.count()).isEqualTo(1);
        assertThat(replica.deltas.size).isEqualTo(3);
        // The deployment/model group of POD_A and NO_REPLICA is the same: both requests count.
        PartialWindow deployment = of(out, POD_A_DEPLOYMENT, T0);
        assertThat(deployment.acc.arrivals).isEqualTo(3);
        assertThat(deployment.acc.goodFinishes).isEqualTo(1);
        assertThat(deployment.deltas.sweep(0, T0, T0_PLUS_10S).max()).isEqualTo(2);
        assertThat(GroupKey.of(Scope.DEPLOYMENT_MODEL, NO_REPLICA)).isEqualTo(POD_A_DEPLOYMENT);
    }

    @Test
    void aReplicaOnlyFactCountsOnlyInItsReplicaGroup() throws Exception {
        Fact dispatch = arrival(T0 + 5, POD_A);
        dispatch.replicaOnly = true;
        send(dispatch);

        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(partials())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.group).isEqualTo(POD_A_REPLICA);
                            assertThat(p.acc.arrivals).isEqualTo(1);
                        });
    }

    @Test
    void aPartialIsHandedOnOnlyOnceTheWatermarkPassesItsWindowAndBeforeThatWatermark()
            throws Exception {
        send(arrival(T0 + 9_000, NO_REPLICA), arrival(T0_PLUS_10S + 1, NO_REPLICA));

        harness.processWatermark(new Watermark(T0_PLUS_10S - 2));
        assertThat(partials()).isEmpty();

        harness.processWatermark(new Watermark(T0_PLUS_10S - 1));
        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(3);
        assertThat(out.get(1)).isInstanceOf(StreamRecord.class);
        assertThat(((PartialWindow) ((StreamRecord<?>) out.get(1)).getValue()).windowStart)
                .isEqualTo(T0);
        assertThat(out.get(2)).isEqualTo(new Watermark(T0_PLUS_10S - 1));
    }

    @Test
    void aFactWithinAllowedLatenessAfterItsWindowWasHandedOnStartsANewPartial() throws Exception {
        send(arrival(T0 + 1_000, NO_REPLICA));
        harness.processWatermark(new Watermark(T0_PLUS_10S));
        send(finish(T0 + 2_000, NO_REPLICA, 1_000));
        assertThat(partials()).hasSize(1);

        harness.processWatermark(new Watermark(T0_PLUS_10S + 200));

        List<PartialWindow> out = partials();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).windowStart).isEqualTo(T0);
        assertThat(out.get(1).acc.finishes).isEqualTo(1);
        assertThat(out.get(1).acc.arrivals).isZero();
    }

    @Test
    void everythingOpenIsHandedOnBeforeACheckpointBarrierSoNoStateIsKept() throws Exception {
        send(arrival(T0 + 1_000, POD_A), arrival(T0_PLUS_10S + 1_000, POD_A));

        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, T0_PLUS_10S + 1_000);

        assertThat(partials()).hasSize(4);
        assertThat(snapshot.getManagedOperatorState()).isEmpty();
        assertThat(snapshot.getManagedKeyedState()).isEmpty();
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(partials()).hasSize(4);
    }

    @Test
    void tooManyOpenPartialsAreHandedOnAtOnce() throws Exception {
        for (int i = 0; i <= PartialWindowsOperator.MAX_PARTIALS; i++) {
            send(arrival(T0 + i, new Labels("c", "ns", "dep-" + i, "m", null, null)));
        }

        assertThat(partials()).hasSize(PartialWindowsOperator.MAX_PARTIALS + 1);
    }

    @Test
    void cachedKeysFollowTheLabelsPastTheCacheBound() throws Exception {
        int n = PartialWindowsOperator.MAX_CACHED_KEYS + 2;
        for (int i = 0; i < n; i++) {
            send(arrival(T0 + 1, new Labels("c", "ns", "dep-" + i, "m", "r-" + i, null)));
        }
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        List<PartialWindow> out = partials();
        assertThat(out).hasSize(2 * n);
        Labels last = new Labels("c", "ns", "dep-" + (n - 1), "m", "r-" + (n - 1), null);
        of(out, GroupKey.of(Scope.DEPLOYMENT_MODEL, last), T0);
        of(out, GroupKey.of(Scope.REPLICA, last), T0);
    }
}
