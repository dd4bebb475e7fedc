package io.inferscope.jobs.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class FanOutScopesTest {
    private static final Labels POD = new Labels("c", "ns", "dep", "model", "dep-r0", "node-1");

    @Test
    void factWithAReplicaCountsInItsReplicaAndItsDeploymentModelGroup() {
        List<Fact> out = fanOut(new FanOutScopes(), Fact.at(5, POD), Fact.at(6, POD));

        assertThat(out).hasSize(4);
        assertThat(out.get(0).scope).isEqualTo(Scope.REPLICA);
        assertThat(out.get(0).group).isEqualTo(GroupKey.of(Scope.REPLICA, POD));
        assertThat(out.get(0).replica).isEqualTo("dep-r0");
        assertThat(out.get(1).scope).isEqualTo(Scope.DEPLOYMENT_MODEL);
        assertThat(out.get(1).group).isEqualTo(GroupKey.of(Scope.DEPLOYMENT_MODEL, POD));
        assertThat(out.get(1).replica).isNull();
        assertThat(out.get(1).node).isNull();
        assertThat(out.get(3).group).isEqualTo(out.get(1).group);
        assertThat(out.get(2).ts).isEqualTo(6);
    }

    @Test
    void aReplicaOnlyFactCountsOnlyInItsReplicaGroup() {
        Fact dispatch = Fact.at(5, POD);
        dispatch.replicaOnly = true;
        dispatch.arrivals = 1;

        List<Fact> out = fanOut(new FanOutScopes(), dispatch);

        assertThat(out)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.scope).isEqualTo(Scope.REPLICA);
                            assertThat(f.group).isEqualTo(GroupKey.of(Scope.REPLICA, POD));
                            assertThat(f.arrivals).isEqualTo(1);
                        });
    }

    @Test
    void factWithoutAReplicaCountsOnlyInItsDeploymentModelGroup() {
        Labels noReplica = new Labels("c", "ns", "dep", "model", null, null);

        List<Fact> out = fanOut(new FanOutScopes(), Fact.at(5, noReplica));

        assertThat(out)
                .singleElement()
                .satisfies(
                        f ->
                                assertThat(f.group)
                                        .isEqualTo(GroupKey.of(Scope.DEPLOYMENT_MODEL, noReplica)));
    }

    @Test
    void cachedKeysFollowTheLabelsPastTheCacheBound() {
        FanOutScopes fanOut = new FanOutScopes();
        List<Fact> in = new ArrayList<>();
        for (int i = 0; i <= FanOutScopes.MAX_CACHED + 1; i++) {
            in.add(Fact.at(i, new Labels("c", "ns", "dep-" + i, "m", "r-" + i, null)));
        }

        List<Fact> out = fanOut(fanOut, in.toArray(new Fact[0]));

        Fact last = out.get(out.size() - 1);
        assertThat(last.group)
                .isEqualTo(
                        GroupKey.of(
                                Scope.DEPLOYMENT_MODEL,
                                new Labels(
                                        "c",
                                        "ns",
                                        "dep-" + (FanOutScopes.MAX_CACHED + 1),
                                        "m",
                                        null,
                                        null)));
    }

    private static List<Fact> fanOut(FanOutScopes fn, Fact... facts) {
        List<Fact> out = new ArrayList<>();
        Collector<Fact> collector =
                new Collector<>() {
                    @Override
                    public void collect(Fact f) {
                        out.add(f);
                    }

                    @Override
                    public void close() {}
                };
        for (Fact f : facts) {
            fn.flatMap(f, collector);
        }
        return out;
    }
}
