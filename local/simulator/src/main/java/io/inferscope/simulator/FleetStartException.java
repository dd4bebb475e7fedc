package io.inferscope.simulator;

/** A replica could not start, most often because its port is taken. */
public final class FleetStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int port;

    FleetStartException(String message, int port, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** The port that failed to bind (0 for a random port). */
    public int port() {
        return port;
    }
}
