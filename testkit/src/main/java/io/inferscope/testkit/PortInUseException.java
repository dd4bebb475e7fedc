package io.inferscope.testkit;

/**
 * A port the broker needs is taken by another process. Thrown before the broker starts: a Kafka
 * broker that fails to bind calls its fault handler, which halts the whole JVM.
 */
public final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is already in use", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
