package io.inferscope.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import java.io.IOException;

/**
 * Jackson's {@code double}/{@code Double} reader, refusing numbers that overflow to infinity (e.g.
 * {@code 1e400}). JSON has no infinity; accepting one would let a record in that the codec then
 * writes as the string {@code "Infinity"}, which no consumer (this codec included) can read back.
 */
final class FiniteDoubleDeserializer extends NumberDeserializers.DoubleDeserializer {
    private static final long serialVersionUID = 1L;

    private FiniteDoubleDeserializer(Class<Double> type, Double nullValue) {
        super(type, nullValue);
    }

    static FiniteDoubleDeserializer boxed() {
        return new FiniteDoubleDeserializer(Double.class, null);
    }

    static FiniteDoubleDeserializer primitive() {
        return new FiniteDoubleDeserializer(Double.TYPE, 0.0);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        Double value = super.deserialize(p, ctxt);
        if (value != null && !Double.isFinite(value)) {
            return (Double)
                    ctxt.handleWeirdNumberValue(
                            Double.class, value, "must be a finite number (out of range)");
        }
        return value;
    }
}
