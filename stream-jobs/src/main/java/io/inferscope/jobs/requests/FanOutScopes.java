package io.inferscope.jobs.requests;

import io.inferscope.schemas.Scope;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits each fact once per group it counts in: scope {@code deployment_model} (replica and node
 * dropped) and, when the replica is known, scope {@code replica}.
 */
public final class FanOutScopes implements FlatMapFunction<Fact, Fact> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Fact in, Collector<Fact> out) {
        if (in.replica != null && !in.replica.isEmpty()) {
            Fact r = in.copy();
            r.scope = Scope.REPLICA;
            out.collect(r);
        }
        Fact dm = in.copy();
        dm.scope = Scope.DEPLOYMENT_MODEL;
        dm.replica = null;
        dm.node = null;
        out.collect(dm);
    }
}
