package io.inferscope.jobs.alerts;

/** A rule that cannot be used; the message names the field at fault ({@code $.metric: ...}). */
final class InvalidRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRuleException(String at, String reason) {
        super(at + ": " + reason);
    }
}
