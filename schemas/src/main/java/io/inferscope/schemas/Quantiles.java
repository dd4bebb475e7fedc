package io.inferscope.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A distribution summary in a derived record: count, mean, max and quantiles read from a
 * relative-error sketch (DDSketch, 1 % relative accuracy), plus the serialized sketch itself
 * ({@code sketch}, base64 of DDSketch's protobuf form) so any consumer can merge windows, replicas
 * or models exactly instead of averaging percentiles. Units are those of the field holding it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quantiles(
        @JsonProperty(required = true) long count,
        Double mean,
        Double min,
        Double max,
        Double p50,
        Double p90,
        Double p95,
        Double p99,
        String sketch) {

    public Quantiles {
        Check.nonNegative("count", count);
        Check.nonNegative("mean", mean);
        Check.nonNegative("min", min);
        Check.nonNegative("max", max);
        Check.nonNegative("p50", p50);
        Check.nonNegative("p90", p90);
        Check.nonNegative("p95", p95);
        Check.nonNegative("p99", p99);
    }
}
