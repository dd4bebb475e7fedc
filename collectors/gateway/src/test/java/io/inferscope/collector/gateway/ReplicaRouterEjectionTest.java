package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.gateway.ReplicaRouter.Granted;
import io.inferscope.collector.gateway.ReplicaRouter.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicaRouterEjectionTest {
    private static final long SECOND = 1_000_000_000L;
    private static final List<Upstream> TWO =
            List.of(
                    Upstream.parse("a=http://127.0.0.1:9001"),
                    Upstream.parse("b=http://127.0.0.1:9002"));

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final ReplicaRouter router =
            new ReplicaRouter(TWO, 0, 0, 3, Duration.ofSeconds(5), now::get);

    @Test
    void replicaIsEjectedAfterNConsecutiveConnectFailures() {
        failOn("a", 2);
        assertThat(router.ejectedNow()).isZero();
        assertThat(picks(4)).containsOnly("a", "b").contains("a", "b");
        failOn("a", 1);
        assertThat(router.ejectedNow()).isEqualTo(1);
        assertThat(router.ejectionsTotal()).containsExactly(1, 0);
        assertThat(picks(4)).containsOnly("b");
    }

    @Test
    void ejectionEndsAfterTheCooldown() {
        failOn("a", 3);
        now.addAndGet(5 * SECOND - 1);
        assertThat(picks(2)).containsOnly("b");
        now.addAndGet(1);
        assertThat(router.ejectedNow()).isZero();
        assertThat(picks(2)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void consecutiveEjectionsDoubleTheCooldownUpToSixtySeconds() {
        long[] expected = {5, 10, 20, 40, 60, 60};
        for (long seconds : expected) {
            failOn("a", 3);
            now.addAndGet(seconds * SECOND - 1);
            assertThat(router.ejectedNow()).as("ejected for %d s", seconds).isEqualTo(1);
            now.addAndGet(1);
            assertThat(router.ejectedNow()).isZero();
        }
        assertThat(router.ejectionsTotal()).containsExactly(6, 0);
    }

    @Test
    void aResponseResetsFailuresAndTheDoubling() {
        failOn("a", 3);
        now.addAndGet(5 * SECOND);
        failOn("a", 2);
        lease("a").responded();
        failOn("a", 2);
        assertThat(router.ejectedNow()).as("the count restarted at the response").isZero();
        failOn("a", 1);
        now.addAndGet(5 * SECOND);
        assertThat(router.ejectedNow()).as("back to the first cooldown, not 10 s").isZero();
    }

    @Test
    void whenAllAreEjectedRoutingFallsBackToLeastOutstanding() {
        failOn("a", 3);
        failOn("b", 3);
        assertThat(router.ejectedNow()).isEqualTo(2);
        assertThat(picks(4)).containsOnly("a", "b").contains("a", "b");
    }

    @Test
    void retryGoesToAnotherNonEjectedReplicaOrNowhere() {
        Lease a = lease("a");
        Lease other = router.retryElsewhere(a);
        assertThat(other.replica().name()).isEqualTo("b");
        failOn("b", 3);
        assertThat(router.retryElsewhere(a)).as("b is ejected: no retry").isNull();
    }

    @Test
    void ejectionOffNeverEjects() {
        ReplicaRouter off = new ReplicaRouter(TWO, 0, 0, 0, Duration.ofSeconds(5), now::get);
        for (int i = 0; i < 10; i++) {
            Lease l = ((Granted) off.acquire(x -> {})).lease();
            l.connectFailed();
            l.release();
        }
        assertThat(off.ejectedNow()).isZero();
        assertThat(off.ejectionsTotal()).containsExactly(0, 0);
    }

    private void failOn(String name, int times) {
        for (int i = 0; i < times; i++) {
            Lease l = lease(name);
            l.connectFailed();
            l.release();
        }
    }

    // A lease on the named (non-ejected) replica: acquires until it comes up, releasing the others.
    private Lease lease(String name) {
        List<Lease> others = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Lease l = ((Granted) router.acquire(x -> {})).lease();
                if (l.replica().name().equals(name)) {
                    return l;
                }
                others.add(l);
            }
            throw new AssertionError("no lease on " + name);
        } finally {
            others.forEach(Lease::release);
        }
    }

    private List<String> picks(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Lease l = ((Granted) router.acquire(x -> {})).lease();
            names.add(l.replica().name());
            l.release();
        }
        return names;
    }
}
