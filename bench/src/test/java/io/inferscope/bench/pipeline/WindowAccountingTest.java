package io.inferscope.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestMetrics;
import io.inferscope.schemas.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAccountingTest {
    private static final long T0 = 1_700_000_100_000L; // a multiple of 300 s, as window starts are
    private static final long T0_PLUS_10S = T0 + 10_000;
    private static final long T0_PLUS_20S = T0 + 20_000;
    private static final long TAIL = T0 + 60_000;
    private static final Labels LLAMA = RequestTraffic.labels(0);
    private static final Labels MISTRAL = RequestTraffic.labels(2);

    @Test
    void completesWhenBaseWindowsOfTheDeploymentScopeAccountForEveryRequest() {
        WindowAccounting acct = new WindowAccounting(T0, TAIL, 10, 100);

        acct.accept(window(T0, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 40), 1_000);
        acct.accept(window(T0, 10, Scope.DEPLOYMENT_MODEL, MISTRAL, 30), 1_100);
        // Ignored: the replica scope and a rollup repeat the same finishes.
        acct.accept(window(T0, 10, Scope.REPLICA, LLAMA.withReplica("r1", "n1"), 40), 1_200);
        acct.accept(window(T0, 60, Scope.DEPLOYMENT_MODEL, LLAMA, 70), 1_300);
        assertThat(acct.complete()).isFalse();
        assertThat(acct.finishes()).isEqualTo(70);

        acct.accept(window(T0_PLUS_10S, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 30), 2_000);
        acct.accept(window(T0_PLUS_20S, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 5), 3_000);

        assertThat(acct.complete()).isTrue();
        assertThat(acct.completedAtMs()).isEqualTo(2_000); // the record that completed it
        assertThat(acct.windows()).isEqualTo(4);
    }

    @Test
    void windowsOutsideTheBatchAndRepeatsAreNotCounted() {
        WindowAccounting acct = new WindowAccounting(T0, TAIL, 10, 10);

        acct.accept(window(T0 - 10_000, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 10), 1); // before
        acct.accept(window(TAIL, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 10), 2); // the tail
        acct.accept(window(T0, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 6), 3);
        acct.accept(window(T0, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 6), 4); // a duplicate

        assertThat(acct.finishes()).isEqualTo(6);
        assertThat(acct.duplicates()).isEqualTo(1);
        assertThat(acct.complete()).isFalse();
        assertThat(acct.completedAtMs()).isEqualTo(-1);
    }

    @Test
    void delaysAreMeasuredFromWindowEndForWindowsClosedWhileTrafficFlowed() {
        WindowDelays delays = new WindowDelays(10, T0 + 1, T0_PLUS_20S);

        delays.accept(window(T0 - 10_000, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 1), T0 + 8_000);
        delays.accept(
                window(T0_PLUS_10S, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 1), T0_PLUS_20S + 7_900);
        delays.accept(
                window(T0_PLUS_10S, 10, Scope.DEPLOYMENT_MODEL, MISTRAL, 1), T0_PLUS_20S + 8_400);
        delays.accept(window(T0_PLUS_10S, 10, Scope.REPLICA, LLAMA, 1), T0_PLUS_20S + 9_000);
        delays.accept(window(T0_PLUS_20S, 10, Scope.DEPLOYMENT_MODEL, LLAMA, 1), T0 + 39_000);

        assertThat(delays.delays()).containsExactly(7_900, 8_400);
    }

    @Test
    void countsTheWindowEndsInARange() {
        assertThat(WindowDelays.windowEndsBetween(T0 + 1, T0_PLUS_20S, 10)).isEqualTo(2);
        assertThat(WindowDelays.windowEndsBetween(T0, T0_PLUS_20S + 9_999, 10)).isEqualTo(3);
        assertThat(WindowDelays.windowEndsBetween(T0 + 1, T0 + 9_999, 10)).isZero();
    }

    private static RequestMetrics window(
            long startMs, int windowS, Scope scope, Labels labels, long finishes) {
        return new RequestMetrics(
                startMs,
                startMs + windowS * 1000L,
                windowS,
                scope,
                labels,
                0,
                finishes,
                0,
                Map.of(),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
