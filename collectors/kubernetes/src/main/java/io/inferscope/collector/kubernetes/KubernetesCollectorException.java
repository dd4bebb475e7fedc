package io.inferscope.collector.kubernetes;

/** The collector could not start; the message is one line meant for an operator. */
public final class KubernetesCollectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KubernetesCollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
