package io.inferscope.collector.gpu;

/**
 * NVML cannot be used on this machine: the library could not be loaded, or {@code nvmlInit_v2}
 * failed (e.g. no driver). The message is one line meant for an operator.
 */
public final class NvmlUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NvmlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public NvmlUnavailableException(String message) {
        super(message);
    }
}
