package io.inferscope.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.Alert;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One alert to one receiver on loopback HTTP; backoff sleeps are recorded, not slept. */
class DeliveryTest {
    private static final Alert ALERT = Fixtures.firing("fp1", Fixtures.T0);
    private static final long NOW = 1_700_000_000_000L;

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final NotifierMetrics metrics = new NotifierMetrics();
    private final Delivery delivery =
            new Delivery(
                    Delivery.defaultClient(),
                    new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), 4),
                    metrics,
                    () -> NOW,
                    () -> 0.5,
                    sleeps::add);
    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver(202);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffUntilAccepted() throws Exception {
        receiver.thenAnswer(500, 500);

        assertThat(delivery.deliver(webhook(), ALERT)).isEqualTo(Outcome.DELIVERED);

        assertThat(receiver.requests())
                .extracting(Receiver.Request::answered)
                .containsExactly(500, 500, 202);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isGreaterThan(sleeps.get(0));
        assertThat(metrics.target("hook").retried()).isEqualTo(2);
        assertThat(metrics.target("hook").delivered()).isEqualTo(1);
    }

    @Test
    void clientErrorIsPermanentAndNotRetried() throws Exception {
        receiver.thenAnswer(400, 400, 400);

        assertThat(delivery.deliver(webhook(), ALERT)).isEqualTo(Outcome.PERMANENT);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(metrics.target("hook").failedPermanent()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsHonoursRetryAfterAndTimeoutIsRetried() throws Exception {
        receiver.thenAnswer(new Receiver.Answer(429, Map.of("Retry-After", "7"), "slow down"))
                .thenAnswer(408);

        assertThat(delivery.deliver(webhook(), ALERT)).isEqualTo(Outcome.DELIVERED);

        assertThat(sleeps.get(0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void retryAfterAsHttpDateIsRead() {
        assertThat(delivery.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT"))
                .isEqualTo(Duration.ofMillis(1_700_000_010_000L - NOW));
        assertThat(delivery.retryAfter("soon")).isNull();
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsAndCountsIt() throws Exception {
        receiver.thenAnswer(503, 503, 503, 503, 503);

        assertThat(delivery.deliver(webhook(), ALERT)).isEqualTo(Outcome.EXHAUSTED);

        assertThat(receiver.requests()).hasSize(4);
        assertThat(metrics.target("hook").failedExhausted()).isEqualTo(1);
        assertThat(metrics.target("hook").retried()).isEqualTo(3);
    }

    @Test
    void refusedConnectionIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TargetConfig dead =
                TargetConfig.of(
                        "dead", TargetType.WEBHOOK, "http://127.0.0.1:" + closedPort + "/x");

        assertThat(delivery.deliver(Target.of(dead, null), ALERT)).isEqualTo(Outcome.EXHAUSTED);

        assertThat(sleeps).hasSize(3);
    }

    @Test
    void secretsEchoedByAReceiverAreScrubbed() {
        TargetConfig c =
                TargetConfig.pagerDuty(
                        "pd", "http://127.0.0.1:1/path-token", Secret.of("rk-secret"));

        assertThat(Delivery.scrub("bad key rk-secret at http://127.0.0.1:1/path-token", c))
                .isEqualTo("bad key **** at http://127.0.0.1:1/****");
    }

    private Target webhook() {
        return Target.of(
                TargetConfig.of("hook", TargetType.WEBHOOK, receiver.url() + "/hook")
                        .withTimeout(Duration.ofSeconds(5)),
                null);
    }
}
