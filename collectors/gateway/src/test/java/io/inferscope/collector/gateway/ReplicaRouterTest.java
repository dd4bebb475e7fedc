package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.gateway.ReplicaRouter.Admission;
import io.inferscope.collector.gateway.ReplicaRouter.Granted;
import io.inferscope.collector.gateway.ReplicaRouter.Lease;
import io.inferscope.collector.gateway.ReplicaRouter.Queued;
import io.inferscope.collector.gateway.ReplicaRouter.Rejected;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRouterTest {
    private static final List<Upstream> THREE =
            List.of(
                    Upstream.parse("a=http://127.0.0.1:9001"),
                    Upstream.parse("b=http://127.0.0.1:9002"),
                    Upstream.parse("c=http://127.0.0.1:9003"));

    @Test
    void idleReplicasAreChosenRoundRobin() {
        ReplicaRouter router = new ReplicaRouter(THREE, 0, 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Lease l = granted(router.acquire(x -> {}));
            names.add(l.replica().name());
            l.release();
        }
        assertThat(names).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void theReplicaWithFewestOutstandingRequestsWins() {
        ReplicaRouter router = new ReplicaRouter(THREE, 0, 0);
        Lease a = granted(router.acquire(x -> {}));
        Lease b1 = granted(router.acquire(x -> {}));
        Lease c = granted(router.acquire(x -> {}));
        Lease b2 = granted(router.acquire(x -> {})); // a again by round-robin among ties
        assertThat(List.of(a, b1, c, b2))
                .extracting(l -> l.replica().name())
                .containsExactly("a", "b", "c", "a");
        c.release();
        b1.release();
        // b and c are at 0, a at 2: the next two go to b and c, never a.
        List<String> next =
                List.of(
                        granted(router.acquire(x -> {})).replica().name(),
                        granted(router.acquire(x -> {})).replica().name());
        assertThat(next).containsExactlyInAnyOrder("b", "c");
        assertThat(router.outstanding()).containsExactly(2, 1, 1);
    }

    @Test
    void capQueuesInFifoOrderAndAReleasedSlotGoesToTheHead() {
        ReplicaRouter router = new ReplicaRouter(List.of(THREE.get(0)), 1, 2);
        Lease held = granted(router.acquire(x -> {}));
        List<String> grants = new ArrayList<>();
        Admission first = router.acquire(l -> grants.add("first"));
        Admission second = router.acquire(l -> grants.add("second"));
        assertThat(first).isInstanceOf(Queued.class);
        assertThat(second).isInstanceOf(Queued.class);
        assertThat(router.queueDepth()).isEqualTo(2);

        held.release();
        assertThat(grants).containsExactly("first");
        assertThat(router.queueDepth()).isEqualTo(1);
        assertThat(router.outstanding()).containsExactly(1);
    }

    @Test
    void fullQueueRejects() {
        ReplicaRouter router = new ReplicaRouter(List.of(THREE.get(0)), 1, 1);
        granted(router.acquire(x -> {}));
        assertThat(router.acquire(x -> {})).isInstanceOf(Queued.class);
        assertThat(router.acquire(x -> {})).isInstanceOf(Rejected.class);
    }

    @Test
    void cancelTellsWhetherTheWaiterWasStillQueued() {
        ReplicaRouter router = new ReplicaRouter(List.of(THREE.get(0)), 1, 4);
        Lease held = granted(router.acquire(x -> {}));
        List<Lease> late = new ArrayList<>();
        Queued timedOut = (Queued) router.acquire(late::add);
        Queued served = (Queued) router.acquire(late::add);

        assertThat(timedOut.waiter().cancel()).isTrue(); // its wait timed out: reject it
        held.release(); // the slot skips the cancelled waiter
        assertThat(late).hasSize(1);
        assertThat(served.waiter().cancel()).isFalse(); // already granted: the lease must be used
        late.get(0).release();
        assertThat(router.outstanding()).containsExactly(0);
    }

    @Test
    void releasingTwiceFreesOneSlot() {
        ReplicaRouter router = new ReplicaRouter(List.of(THREE.get(0)), 2, 0);
        Lease a = granted(router.acquire(x -> {}));
        granted(router.acquire(x -> {}));
        a.release();
        a.release();
        assertThat(router.outstanding()).containsExactly(1);
    }

    private static Lease granted(Admission a) {
        assertThat(a).isInstanceOf(Granted.class);
        return ((Granted) a).lease();
    }
}
