package io.inferscope.collector.gateway;

import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Endpoint;
import io.inferscope.schemas.RequestEvent.Status;
import io.inferscope.schemas.RequestEvent.Type;

/**
 * The measured instants of one request on the monotonic clock, and the start/end records made from
 * them. Instants: arrival (request head received), dispatch (a replica slot taken, request sent),
 * first and last content-bearing chunk (from the {@link TokenBook}), end (last byte written to the
 * client, or the moment the gateway gave up). Wall-clock {@code ts_ms} values are the arrival's
 * wall clock plus monotonic elapsed time.
 */
final class Measurement {
    final String requestId;
    final Endpoint endpoint;
    final long arrivalNanos;
    final long arrivalWallMs;
    Labels labels;
    boolean stream;
    long dispatchNanos = -1;
    boolean queued;

    Measurement(
            String requestId, Endpoint endpoint, Labels labels, long arrivalNanos, long wallMs) {
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.labels = labels;
        this.arrivalNanos = arrivalNanos;
        this.arrivalWallMs = wallMs;
    }

    /** The start record: arrival time, endpoint, stream flag, labels without the replica. */
    RequestEvent startRecord() {
        return RequestEvent.start(requestId, arrivalWallMs, labels, endpoint, stream);
    }

    /**
     * The dispatch record of a request that waited in the queue: the replica it went to, at the
     * dispatch instant.
     */
    RequestEvent dispatchRecord() {
        return RequestEvent.dispatch(
                requestId,
                wallAt(dispatchNanos),
                labels,
                endpoint,
                stream,
                Millis.between(arrivalNanos, dispatchNanos));
    }

    /** What the end record says beyond the instants. */
    record Outcome(
            Integer httpStatus,
            ErrorClass errorClass,
            Integer promptTokens,
            Integer completionTokens,
            Boolean tokensEstimated) {}

    RequestEvent endRecord(long endNanos, Outcome o, long firstTokenNanos, long lastTokenNanos) {
        Double queueMs = null;
        if (dispatchNanos >= 0) {
            queueMs = Millis.between(arrivalNanos, dispatchNanos);
        } else if (queued) {
            // Never dispatched after waiting (queue timeout, or the client left): the time waited.
            queueMs = Millis.between(arrivalNanos, endNanos);
        }
        Double ttft = firstTokenNanos >= 0 ? Millis.between(arrivalNanos, firstTokenNanos) : null;
        Double generation =
                firstTokenNanos >= 0 ? Millis.between(firstTokenNanos, lastTokenNanos) : null;
        Double tpot = null;
        if (generation != null && o.completionTokens() != null && o.completionTokens() > 1) {
            tpot = generation / (o.completionTokens() - 1);
        }
        Status status = o.errorClass() == null ? Status.OK : Status.ERROR;
        return new RequestEvent(
                Type.END,
                requestId,
                wallAt(endNanos),
                labels,
                endpoint,
                stream,
                status,
                o.httpStatus(),
                o.errorClass(),
                queueMs,
                ttft,
                Millis.between(arrivalNanos, endNanos),
                generation,
                tpot,
                o.promptTokens(),
                o.completionTokens(),
                o.tokensEstimated());
    }

    long wallAt(long nanos) {
        return arrivalWallMs + Math.max(0L, nanos - arrivalNanos) / 1_000_000L;
    }
}
