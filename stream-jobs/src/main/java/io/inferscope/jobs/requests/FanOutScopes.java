package io.inferscope.jobs.requests;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits each fact once per group it counts in: scope {@code deployment_model} (replica and node
 * dropped) and, when the replica is known, scope {@code replica}; a {@link Fact#replicaOnly} fact
 * only in scope {@code replica}. Each output carries its {@link GroupKey} ({@link Fact#group}). The
 * keys of a label set are built once and then looked up: there are few label sets (one per
 * replica), and building a key string for every fact was a large part of this operator's cost.
 *
 * <p>The input is this operator's own copy (object reuse is off, so the chained lifecycle hands
 * over a copy), so the last output reuses it instead of copying it again.
 */
public final class FanOutScopes implements FlatMapFunction<Fact, Fact> {
    private static final long serialVersionUID = 1L;

    /** Beyond this many label sets the cache starts over (bounds memory on label churn). */
    static final int MAX_CACHED = 4_096;

    private transient Map<Labels, String[]> keys;

    @Override
    public void flatMap(Fact in, Collector<Fact> out) {
        String[] groups = groupKeys(in);
        if (in.replicaOnly) {
            if (groups[0] != null) { // a dispatch always names its replica
                in.scope = Scope.REPLICA;
                in.group = groups[0];
                out.collect(in);
            }
            return;
        }
        if (groups[0] != null) {
            Fact r = in.copy();
            r.scope = Scope.REPLICA;
            r.group = groups[0];
            out.collect(r);
        }
        in.scope = Scope.DEPLOYMENT_MODEL;
        in.replica = null;
        in.node = null;
        in.group = groups[1];
        out.collect(in);
    }

    /** The replica key (null without a replica) and the deployment/model key of a fact. */
    private String[] groupKeys(Fact f) {
        if (keys == null) {
            keys = new HashMap<>();
        }
        Labels labels = f.labels();
        String[] groups = keys.get(labels);
        if (groups == null) {
            if (keys.size() >= MAX_CACHED) {
                keys.clear();
            }
            boolean replica = f.replica != null && !f.replica.isEmpty();
            groups =
                    new String[] {
                        replica ? GroupKey.of(Scope.REPLICA, labels) : null,
                        GroupKey.of(Scope.DEPLOYMENT_MODEL, labels)
                    };
            keys.put(labels, groups);
        }
        return groups;
    }
}
