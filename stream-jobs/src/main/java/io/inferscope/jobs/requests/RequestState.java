package io.inferscope.jobs.requests;

import io.inferscope.jobs.common.SerializerTypeInfo;
import io.inferscope.schemas.Labels;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What {@link RequestLifecycle} remembers about one request id until its cleanup timer: whether
 * start and end were seen, the labels its in-flight +1 went to (the −1 must go to the same group),
 * whether token progress was seen, the end's tokens waiting to be booked if none was, and the one
 * pending timer. Serialized by {@link RequestStateSerializer} (the {@link TypeInfo} below), not as
 * a POJO.
 */
@TypeInfo(RequestState.TypeFactory.class)
public class RequestState {
    public long startTs;
    public long endTs;
    public boolean lost;
    public int tokenRecords;

    /** The one registered event-time timer of this request; 0 when none. */
    public long timer;

    public String cluster;
    public String namespace;
    public String deployment;
    public String model;
    public String replica;
    public String node;

    /** Replica and node of a dispatch record (a request that waited); null until then. */
    public String dispatchReplica;

    public String dispatchNode;

    /** The end record's tokens, booked at the end time only if no token progress arrives. */
    public Fact pendingTokens;

    public RequestState() {}

    boolean started() {
        return startTs != 0;
    }

    boolean ended() {
        return endTs != 0;
    }

    Labels labels() {
        return new Labels(cluster, namespace, deployment, model, replica, node);
    }

    boolean dispatched() {
        return dispatchReplica != null;
    }

    /** The start's labels with the replica of the dispatch. */
    Labels dispatchLabels() {
        return new Labels(cluster, namespace, deployment, model, dispatchReplica, dispatchNode);
    }

    void labels(Labels l) {
        cluster = l.cluster();
        namespace = l.namespace();
        deployment = l.deployment();
        model = l.model();
        replica = l.replica();
        node = l.node();
    }

    /** {@code primary}'s labels, with fields it lacks taken from {@code fallback}. */
    static Labels merge(Labels primary, Labels fallback) {
        return new Labels(
                or(primary.cluster(), fallback.cluster()),
                or(primary.namespace(), fallback.namespace()),
                or(primary.deployment(), fallback.deployment()),
                or(primary.model(), fallback.model()),
                or(primary.replica(), fallback.replica()),
                or(primary.node(), fallback.node()));
    }

    private static String or(String a, String b) {
        return a == null || a.isEmpty() ? b : a;
    }

    /** Lets Flink's type extraction pick {@link RequestStateSerializer}. */
    public static final class TypeFactory extends TypeInfoFactory<RequestState> {
        @Override
        public TypeInformation<RequestState> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(RequestState.class, new RequestStateSerializer());
        }
    }
}
