package io.inferscope.collector.kubernetes;

/** One-line explanations of why the collector could not start. */
final class StartFailures {
    private StartFailures() {}

    static String describe(String resource, int code, String server, Throwable cause) {
        if (code == 401) {
            return "the Kubernetes API server at "
                    + server
                    + " rejected the credentials (401) while listing "
                    + resource;
        }
        if (code == 403) {
            return "forbidden to list/watch "
                    + resource
                    + " at "
                    + server
                    + " (403): grant get/list/watch as in collectors/kubernetes/README.md (RBAC)";
        }
        if (code > 0) {
            return "the Kubernetes API server at "
                    + server
                    + " answered "
                    + code
                    + " while listing "
                    + resource
                    + ": "
                    + rootMessage(cause);
        }
        return "cannot reach the Kubernetes API server at " + server + ": " + rootMessage(cause);
    }

    /** The first cause of this type in the chain, or null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message, on one line. */
    static String rootMessage(Throwable t) {
        String message = null;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            } else if (message == null) {
                message = t.getClass().getSimpleName();
            }
        }
        return message == null ? "unknown error" : message.replaceAll("\\s+", " ").trim();
    }
}
