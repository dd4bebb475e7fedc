package io.inferscope.schemas;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The strict JSON codec of one record type. {@link #decode} throws only {@link DecodeException},
 * naming the JSON path at fault: malformed JSON, oversized input, wrong types (no coercion of
 * strings to numbers or the reverse), unknown enum values, missing required fields and values that
 * break the record's checks (negative durations, non-positive times). Unknown fields are ignored,
 * so producers may add fields without breaking older consumers (additive evolution).
 *
 * <p>Thread-safe; build one per type through {@link Codecs#of(Class)}.
 */
public final class RecordCodec<T> {
    /** Default upper bound on one encoded record. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final int maxBytes;

    RecordCodec(Class<T> type, ObjectReader reader, ObjectWriter writer, int maxBytes) {
        this.type = type;
        this.reader = reader;
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    public Class<T> type() {
        return type;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** A codec of the same type that refuses records larger than {@code limit} bytes. */
    public RecordCodec<T> withMaxBytes(int limit) {
        return new RecordCodec<>(type, reader, writer, limit);
    }

    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException("$", "empty record");
        }
        if (bytes.length > maxBytes) {
            throw new DecodeException(
                    "$", "record of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
        }
        try {
            T value = reader.readValue(bytes);
            if (value == null) {
                throw new DecodeException("$", "record is JSON null");
            }
            return value;
        } catch (DecodeException e) {
            throw e;
        } catch (JacksonException e) {
            throw translate(e);
        } catch (java.io.IOException e) {
            throw new DecodeException("$", "unreadable record: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Anything else (a bug in a record's checks) still comes out as the one typed error.
            throw new DecodeException("$", "invalid record: " + e, e);
        }
    }

    public T decode(String json) throws DecodeException {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes an already parsed JSON tree (e.g. one element of an ingest batch). */
    public T decode(JsonNode node) throws DecodeException {
        if (node == null || !node.isObject()) {
            throw new DecodeException("$", "record must be a JSON object");
        }
        try {
            return reader.treeToValue(node, type);
        } catch (JacksonException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw new DecodeException("$", "invalid record: " + e, e);
        }
    }

    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public String encodeToString(T value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    private static DecodeException translate(JacksonException e) {
        if (e instanceof ValueInstantiationException vie
                && vie.getCause() instanceof SchemaViolation sv) {
            return new DecodeException(path(vie.getPath(), sv.field()), sv.reason(), e);
        }
        if (e instanceof JsonMappingException jme) {
            return new DecodeException(
                    path(jme.getPath(), null), clean(jme.getOriginalMessage()), e);
        }
        return new DecodeException("$", "malformed JSON: " + clean(e.getOriginalMessage()), e);
    }

    private static String path(List<JsonMappingException.Reference> refs, String leaf) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (leaf != null) {
            sb.append('.').append(leaf);
        }
        return sb.toString();
    }

    private static String clean(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        // Jackson appends the source location and sometimes the Java type on later lines.
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        int hint = first.indexOf(" (but ");
        if (hint > 0) {
            first = first.substring(0, hint);
        }
        return first.replace("io.inferscope.schemas.", "");
    }
}
