package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.DeadLetter;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RouteIngestedTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void refusedRecordsGoToTheSideOutputAndDecodedOnesPassInTheirEnvelope() throws Exception {
        OneInputStreamOperatorTestHarness<Ingested<RequestEvent>, Ingested<RequestEvent>> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new RouteIngested<>());
        DeadLetter refused =
                DeadLetters.of(
                        T0, "request-metrics", "raw", 0, 9L, "$: malformed", "$", new byte[] {1});
        RequestEvent ev =
                RequestEvent.start(
                        "r1", T0, Labels.EMPTY, RequestEvent.Endpoint.COMPLETIONS, false);

        harness.processElement(new StreamRecord<>(Ingested.refused("raw", 0, 9, refused)));
        harness.processElement(new StreamRecord<>(Ingested.ok("raw", 1, 10, ev)));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        in -> {
                            assertThat(in.record).isEqualTo(ev);
                            assertThat(in.offset).isEqualTo(10);
                        });
        assertThat(harness.getSideOutput(DeadLetters.TAG))
                .extracting(StreamRecord::getValue)
                .containsExactly(refused);
        harness.close();
    }
}
