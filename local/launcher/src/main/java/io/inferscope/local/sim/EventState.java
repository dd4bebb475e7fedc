package io.inferscope.local.sim;

/**
 * One Kubernetes event as the API server aggregates it: the same involved object and reason again
 * bumps {@code count} and {@code lastMs} of the same event (same name and UID).
 */
public record EventState(
        String name,
        String uid,
        String type,
        String reason,
        String message,
        String involvedKind,
        String involvedName,
        String involvedUid,
        int count,
        long firstMs,
        long lastMs) {

    public EventState repeated(long atMs, String newMessage) {
        return new EventState(
                name,
                uid,
                type,
                reason,
                newMessage,
                involvedKind,
                involvedName,
                involvedUid,
                count + 1,
                firstMs,
                atMs);
    }

    public boolean isWarning() {
        return "Warning".equals(type);
    }
}
