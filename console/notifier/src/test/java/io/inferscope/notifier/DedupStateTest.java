package io.inferscope.notifier;

import static io.inferscope.notifier.Fixtures.T0;
import static io.inferscope.notifier.Fixtures.T0_PLUS_10S;
import static io.inferscope.notifier.Fixtures.T0_PLUS_20S;
import static io.inferscope.notifier.Fixtures.T0_PLUS_30S;
import static io.inferscope.notifier.Fixtures.firing;
import static io.inferscope.notifier.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.notifier.DedupState.Verdict;
import io.inferscope.schemas.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupStateTest {
    private static final TargetConfig PD = TargetConfig.pagerDuty("pd", null, Secret.of("k"));
    private static final TargetConfig AM =
            TargetConfig.of("am", TargetType.ALERTMANAGER, "http://127.0.0.1:9093");

    @Test
    void pagerDutyIsPagedOnlyOnStateChange() {
        DedupState s = DedupState.inMemory();

        assertThat(send(s, PD, firing("fp", T0))).isEqualTo(Verdict.SEND);
        assertThat(send(s, PD, firing("fp", T0_PLUS_10S))).isEqualTo(Verdict.DUPLICATE);
        assertThat(send(s, PD, resolved("fp", T0_PLUS_20S))).isEqualTo(Verdict.SEND);
        assertThat(send(s, PD, firing("fp", T0_PLUS_30S)))
                .as("a new incident of the same fingerprint pages again")
                .isEqualTo(Verdict.SEND);
    }

    @Test
    void alertmanagerGetsReEmitsButNotReplays() {
        DedupState s = DedupState.inMemory();

        assertThat(send(s, AM, firing("fp", T0))).isEqualTo(Verdict.SEND);
        assertThat(send(s, AM, firing("fp", T0_PLUS_10S))).isEqualTo(Verdict.SEND);
        assertThat(send(s, AM, firing("fp", T0))).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void replayOfOlderFiringAfterResolveDoesNotPageAgain() {
        DedupState s = DedupState.inMemory();
        send(s, PD, firing("fp", T0));
        send(s, PD, resolved("fp", T0_PLUS_20S));

        assertThat(s.verdict(PD, firing("fp", T0))).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void undeliveredStateIsTriedAgainOnTheNextReEmit() {
        DedupState s = DedupState.inMemory();
        // Verdict SEND but the delivery failed: nothing recorded.
        assertThat(s.verdict(PD, firing("fp", T0))).isEqualTo(Verdict.SEND);

        assertThat(s.verdict(PD, firing("fp", T0_PLUS_10S))).isEqualTo(Verdict.SEND);
    }

    @Test
    void stateSurvivesARestart(@TempDir Path dir) {
        DedupState before = DedupState.load(dir);
        send(before, PD, firing("fp", T0));
        before.persist();

        DedupState after = DedupState.load(dir);
        assertThat(after.get("pd", "fp")).isEqualTo(new DedupState.Entry(Alert.Status.FIRING, T0));
        assertThat(after.verdict(PD, firing("fp", T0_PLUS_10S))).isEqualTo(Verdict.DUPLICATE);
        assertThat(after.verdict(AM, firing("fp", T0))).as("per target").isEqualTo(Verdict.SEND);
    }

    @Test
    void oldEntriesArePruned(@TempDir Path dir) {
        DedupState s = DedupState.load(dir);
        send(s, PD, firing("old", T0));
        send(s, PD, firing("new", T0_PLUS_30S));

        s.prune(T0_PLUS_30S + 5_000, Duration.ofSeconds(10));
        s.persist();

        DedupState after = DedupState.load(dir);
        assertThat(after.get("pd", "old")).isNull();
        assertThat(after.get("pd", "new")).isNotNull();
    }

    @Test
    void unreadableFileStartsEmpty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(DedupState.FILE_NAME), "{not json");

        assertThat(DedupState.load(dir).verdict(PD, firing("fp", T0))).isEqualTo(Verdict.SEND);
    }

    private static Verdict send(DedupState s, TargetConfig t, Alert a) {
        Verdict v = s.verdict(t, a);
        if (v == Verdict.SEND) {
            s.delivered(t, a);
        }
        return v;
    }
}
