package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a request failed, as classified at the gateway. */
public enum ErrorClass implements WireEnum {
    /** The upstream answered 4xx (bad request, auth, not found). */
    CLIENT_4XX("client_4xx"),
    /** The upstream answered 5xx, or broke the stream. */
    UPSTREAM_5XX("upstream_5xx"),
    /** No upstream connection could be made (refused, reset before the response). */
    UPSTREAM_CONNECT("upstream_connect"),
    /** The upstream did not answer within the gateway's timeout. */
    TIMEOUT("timeout"),
    /** The client went away before the response ended. */
    CANCELLED("cancelled"),
    /** The gateway refused the request: the wait queue was full or the wait timed out. */
    REJECTED("rejected"),
    /** No end record arrived within the time-to-live; closed by the request job. */
    LOST("lost");

    private final String wire;

    ErrorClass(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
