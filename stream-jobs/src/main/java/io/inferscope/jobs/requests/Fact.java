package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.SerializerTypeInfo;
import io.inferscope.schemas.Labels;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One contribution of one request to the window holding {@link #ts}, as {@link RequestLifecycle}
 * derives it: an arrival (+1 in flight), a finish (−1 in flight, latencies, error class, SLO
 * verdict), a close as lost, or tokens produced. Facts carry their own event time; windows are
 * assigned from {@link #ts}, not from the Flink element timestamp. Serialized by {@link
 * FactSerializer} (the {@link TypeInfo} below), not as a POJO.
 */
@TypeInfo(Fact.TypeFactory.class)
public class Fact {
    public long ts;

    public String cluster;
    public String namespace;
    public String deployment;
    public String model;
    public String replica;
    public String node;

    public int arrivals;
    public int inflightDelta;
    public int finishes;

    /**
     * The wire name of the error class of a failed finish; null for ok finishes and non-finishes.
     */
    public String errorClass;

    /** A finish with status ok within the TTFT and e2e SLO. */
    public boolean good;

    /**
     * Counts for its replica only, not its deployment: a dispatch after a wait in the gateway's
     * queue (the deployment counted the request at its start already).
     */
    public boolean replicaOnly;

    public Double e2eMs;
    public Double ttftMs;
    public Double queueMs;
    public Double generationMs;
    public Double tpotMs;

    public long promptTokens;
    public long completionTokens;

    /** Inter-token gaps of a token progress record, one sample each; may be null. */
    public double[] itlMs;

    public Fact() {}

    public static Fact at(long ts, Labels labels) {
        Fact f = new Fact();
        f.ts = ts;
        f.cluster = labels.cluster();
        f.namespace = labels.namespace();
        f.deployment = labels.deployment();
        f.model = labels.model();
        f.replica = labels.replica();
        f.node = labels.node();
        return f;
    }

    public Labels labels() {
        return new Labels(cluster, namespace, deployment, model, replica, node);
    }

    public Fact copy() {
        Fact f = new Fact();
        f.ts = ts;
        f.cluster = cluster;
        f.namespace = namespace;
        f.deployment = deployment;
        f.model = model;
        f.replica = replica;
        f.node = node;
        f.arrivals = arrivals;
        f.inflightDelta = inflightDelta;
        f.finishes = finishes;
        f.errorClass = errorClass;
        f.good = good;
        f.replicaOnly = replicaOnly;
        f.e2eMs = e2eMs;
        f.ttftMs = ttftMs;
        f.queueMs = queueMs;
        f.generationMs = generationMs;
        f.tpotMs = tpotMs;
        f.promptTokens = promptTokens;
        f.completionTokens = completionTokens;
        f.itlMs = itlMs == null ? null : itlMs.clone();
        return f;
    }

    @Override
    public String toString() {
        return "Fact[ts="
                + ts
                + ", labels="
                + labels()
                + ", arrivals="
                + arrivals
                + ", inflight="
                + inflightDelta
                + ", finishes="
                + finishes
                + ", error="
                + errorClass
                + ", good="
                + good
                + ", e2e="
                + e2eMs
                + ", ttft="
                + ttftMs
                + ", tokens="
                + promptTokens
                + "/"
                + completionTokens
                + ", itl="
                + Arrays.toString(itlMs)
                + "]";
    }

    /** Lets Flink's type extraction pick {@link FactSerializer}. */
    public static final class TypeFactory extends TypeInfoFactory<Fact> {
        @Override
        public TypeInformation<Fact> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(Fact.class, new FactSerializer());
        }
    }
}
