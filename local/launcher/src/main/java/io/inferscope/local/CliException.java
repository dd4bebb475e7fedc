package io.inferscope.local;

/** A failure the user can act on: printed as one {@code error: ...} line, no stack trace. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Exit code of a usage problem (bad topic name, taken port), as picocli uses for bad options.
     */
    static final int USAGE = 2;

    /** Exit code of a failure at run time (broker unreachable). */
    static final int FAILURE = 1;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
