package io.inferscope.collector.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.gateway.Measurement.Outcome;
import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.RequestEvent.Endpoint;
import io.inferscope.schemas.RequestEvent.Status;
import org.junit.jupiter.api.Test;

class MeasurementTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 77 * MS;
    private static final long WALL0 = 1_700_000_000_000L;

    @Test
    void endRecordDurationsFollowTheirDefinitions() {
        Measurement m = new Measurement("id", Endpoint.CHAT_COMPLETIONS, Labels.EMPTY, T0, WALL0);
        m.stream = true;
        m.dispatchNanos = T0 + 5 * MS;
        RequestEvent end =
                m.endRecord(
                        T0 + 1_000 * MS,
                        new Outcome(200, null, 10, 21, false),
                        T0 + 200 * MS,
                        T0 + 900 * MS);
        assertThat(end.status()).isEqualTo(Status.OK);
        assertThat(end.queueMs()).isEqualTo(5.0);
        assertThat(end.ttftMs()).isEqualTo(200.0);
        assertThat(end.generationMs()).isEqualTo(700.0);
        assertThat(end.tpotMs()).isEqualTo(35.0);
        assertThat(end.e2eMs()).isEqualTo(1000.0);
        assertThat(end.tsMs()).isEqualTo(WALL0 + 1000);
    }

    @Test
    void rejectedAfterWaitingCarriesTheWaitAndNoTokenTimes() {
        Measurement m = new Measurement("id", Endpoint.COMPLETIONS, Labels.EMPTY, T0, WALL0);
        m.queued = true;
        RequestEvent end =
                m.endRecord(
                        T0 + 300 * MS,
                        new Outcome(503, ErrorClass.REJECTED, null, null, null),
                        -1,
                        -1);
        assertThat(end.status()).isEqualTo(Status.ERROR);
        assertThat(end.errorClass()).isEqualTo(ErrorClass.REJECTED);
        assertThat(end.queueMs()).isEqualTo(300.0);
        assertThat(end.ttftMs()).isNull();
        assertThat(end.tpotMs()).isNull();
    }

    @Test
    void oneTokenHasNoTimePerOutputToken() {
        Measurement m = new Measurement("id", Endpoint.COMPLETIONS, Labels.EMPTY, T0, WALL0);
        RequestEvent end =
                m.endRecord(T0 + 10 * MS, new Outcome(200, null, 1, 1, false), T0 + MS, T0 + MS);
        assertThat(end.tpotMs()).isNull();
        assertThat(end.queueMs()).isNull();
    }
}
