package io.inferscope.collector.gpu;

/** {@code nvmlReturn_t} codes the collector tells apart, and names for the rest. */
public final class NvmlReturn {
    public static final int SUCCESS = 0;
    public static final int UNINITIALIZED = 1;
    public static final int INVALID_ARGUMENT = 2;
    public static final int NOT_SUPPORTED = 3;
    public static final int NO_PERMISSION = 4;
    public static final int INSUFFICIENT_SIZE = 7;
    public static final int DRIVER_NOT_LOADED = 9;
    public static final int TIMEOUT = 10;
    public static final int LIBRARY_NOT_FOUND = 12;
    public static final int FUNCTION_NOT_FOUND = 13;
    public static final int GPU_IS_LOST = 15;
    public static final int UNKNOWN = 999;

    private NvmlReturn() {}

    /** {@code NVML_ERROR_GPU_IS_LOST}-style name of a code, e.g. {@code GPU_IS_LOST}. */
    public static String name(int code) {
        return switch (code) {
            case SUCCESS -> "SUCCESS";
            case UNINITIALIZED -> "UNINITIALIZED";
            case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
            case NOT_SUPPORTED -> "NOT_SUPPORTED";
            case NO_PERMISSION -> "NO_PERMISSION";
            case 5 -> "ALREADY_INITIALIZED";
            case 6 -> "NOT_FOUND";
            case INSUFFICIENT_SIZE -> "INSUFFICIENT_SIZE";
            case 8 -> "INSUFFICIENT_POWER";
            case DRIVER_NOT_LOADED -> "DRIVER_NOT_LOADED";
            case TIMEOUT -> "TIMEOUT";
            case 11 -> "IRQ_ISSUE";
            case LIBRARY_NOT_FOUND -> "LIBRARY_NOT_FOUND";
            case FUNCTION_NOT_FOUND -> "FUNCTION_NOT_FOUND";
            case 14 -> "CORRUPTED_INFOROM";
            case GPU_IS_LOST -> "GPU_IS_LOST";
            case 16 -> "RESET_REQUIRED";
            case 17 -> "OPERATING_SYSTEM";
            case 18 -> "LIB_RM_VERSION_MISMATCH";
            case 19 -> "IN_USE";
            case 20 -> "MEMORY";
            case 21 -> "NO_DATA";
            case 25 -> "ARGUMENT_VERSION_MISMATCH";
            case UNKNOWN -> "UNKNOWN";
            default -> "ERROR_" + code;
        };
    }
}
