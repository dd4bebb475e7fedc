package io.inferscope.schemas;

/**
 * Thrown by record constructors when a value breaks the contract (a negative duration, a missing
 * field that depends on the record's type). The codec turns it into a {@link DecodeException} with
 * the full path; code that builds records in memory sees it directly.
 */
public final class SchemaViolation extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public SchemaViolation(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The JSON name of the field at fault, relative to the record that threw. */
    public String field() {
        return field;
    }

    public String reason() {
        String m = getMessage();
        return m.substring(field.length() + 2);
    }
}
