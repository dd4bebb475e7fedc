package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a derived record is grouped by. */
public enum Scope implements WireEnum {
    /** Per deployment and model (requests). */
    DEPLOYMENT_MODEL("deployment_model"),
    /** Per serving replica (pod). */
    REPLICA("replica"),
    /** Per deployment. */
    DEPLOYMENT("deployment"),
    /** Per GPU. */
    GPU("gpu"),
    /** Per node. */
    NODE("node"),
    /** Per container. */
    CONTAINER("container");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }
}
