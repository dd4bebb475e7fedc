package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import java.util.List;
import java.util.Map;

/** Alert records for the tests, with named times. */
final class Fixtures {
    /** A recent start: within the notifier's default max age of 15 min. */
    static final long T0 = System.currentTimeMillis() - 60_000;

    static final long T0_PLUS_10S = T0 + 10_000;
    static final long T0_PLUS_20S = T0 + 20_000;
    static final long T0_PLUS_30S = T0 + 30_000;

    private Fixtures() {}

    static Alert firing(String fingerprint, long updatedAtMs) {
        return new Alert(
                fingerprint,
                Alert.Status.FIRING,
                "HighTtftP99",
                Alert.Severity.CRITICAL,
                Map.of("namespace", "llm", "deployment", "chat-7b", "model", "llama-7b"),
                Map.of(
                        "summary", "TTFT p99 812 ms on chat-7b",
                        "description", "TTFT p99 above 500 ms for 1m",
                        "runbook_url", "https://runbooks.example/ttft"),
                812.5,
                500.0,
                T0,
                null,
                updatedAtMs,
                List.of(
                        new Alert.Evidence(
                                T0 - 5_000,
                                "k8s",
                                "BackOff",
                                "Back-off restarting failed container",
                                "pod/chat-7b-1")));
    }

    static Alert resolved(String fingerprint, long updatedAtMs) {
        Alert f = firing(fingerprint, updatedAtMs);
        return new Alert(
                fingerprint,
                Alert.Status.RESOLVED,
                f.rule(),
                f.severity(),
                f.labels(),
                f.annotations(),
                310.0,
                f.threshold(),
                f.startsAtMs(),
                updatedAtMs,
                updatedAtMs,
                List.of());
    }

    static Alert withSeverity(Alert a, Alert.Severity s) {
        return new Alert(
                a.fingerprint(),
                a.status(),
                a.rule(),
                s,
                a.labels(),
                a.annotations(),
                a.value(),
                a.threshold(),
                a.startsAtMs(),
                a.endsAtMs(),
                a.updatedAtMs(),
                a.evidence());
    }
}
