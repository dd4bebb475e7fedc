package io.inferscope.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.simulator.CompletionRequest.Kind;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Arrivals, rate profiles, length distributions and the request mix, with fixed seeds. */
class LoadGeneratorTest {

    @Test
    void poissonArrivalCountOverAFixedSeedRunIsNearRateTimesDuration() {
        ArrivalProcess arrivals =
                new ArrivalProcess(RateProfile.constant(50), new SplittableRandom(1));
        double duration = 200;
        int count = 0;
        double sumGap = 0;
        double sumGapSquared = 0;
        double previous = 0;
        for (double t = arrivals.next(0); t < duration; t = arrivals.next(t)) {
            count++;
            double gap = t - previous;
            sumGap += gap;
            sumGapSquared += gap * gap;
            previous = t;
        }
        // Poisson: mean 10,000, standard deviation 100; ±5 % is five deviations.
        assertThat(count).isBetween(9_500, 10_500);
        double meanGap = sumGap / count;
        double sdGap = Math.sqrt(sumGapSquared / count - meanGap * meanGap);
        assertThat(meanGap).isCloseTo(0.02, within(0.001));
        // Exponential gaps have a coefficient of variation of 1 (evenly spaced ones have 0).
        assertThat(sdGap / meanGap).isCloseTo(1.0, within(0.05));
    }

    @Test
    void spikeProfileArrivalsFollowEachSegment() {
        RateProfile profile = RateProfile.parse("steady:5/100s,spike:20/100s,steady:5/100s");
        ArrivalProcess arrivals = new ArrivalProcess(profile, new SplittableRandom(7));
        int[] perSegment = new int[3];
        for (double t = arrivals.next(0); t < 300; t = arrivals.next(t)) {
            perSegment[(int) (t / 100)]++;
        }
        assertThat(perSegment[0]).isBetween(400, 600); // mean 500, sd 22
        assertThat(perSegment[1]).isBetween(1_800, 2_200); // mean 2000, sd 45
        assertThat(perSegment[2]).isBetween(400, 600);
    }

    @Test
    void zeroRateAfterTheLastSegmentEndsArrivals() {
        ArrivalProcess arrivals =
                new ArrivalProcess(RateProfile.parse("on:10/1s,off:0/1s"), new SplittableRandom(3));
        double t = 0;
        int count = 0;
        while ((t = arrivals.next(t)) != Double.POSITIVE_INFINITY) {
            assertThat(t).isLessThan(1.0);
            count++;
        }
        assertThat(count).isBetween(1, 30);
    }

    @Test
    void rateProfileSpecParses() {
        RateProfile profile = RateProfile.parse("steady:5/60s, spike:20/1m,steady:5/90s");

        assertThat(profile.segments())
                .extracting(RateProfile.Segment::label)
                .containsExactly("steady", "spike", "steady");
        assertThat(profile.totalDuration()).isEqualTo(Duration.ofSeconds(210));
        assertThat(profile.rateAt(0)).isEqualTo(5);
        assertThat(profile.rateAt(59.9)).isEqualTo(5);
        assertThat(profile.rateAt(60)).isEqualTo(20);
        assertThat(profile.labelAt(100)).isEqualTo("spike");
        assertThat(profile.rateAt(125)).isEqualTo(5);
        assertThat(profile.rateAt(10_000)).as("the last rate continues").isEqualTo(5);
        assertThat(profile.segmentEnd(10)).isEqualTo(60);
        assertThat(profile.segmentEnd(200)).isInfinite();
        assertThat(RateProfile.parse("7.5").rateAt(1e6)).isEqualTo(7.5);
        assertThat(RateProfile.parse("3/10s").segments().get(0).duration())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(RateProfile.parse(profile.toString()).segments()).isEqualTo(profile.segments());
    }

    @Test
    void malformedProfileSpecsAreRejectedWithTheSpecInTheMessage() {
        for (String bad :
                new String[] {"", "spike:20", "spike:x/10s", "spike:5/10q", "a:-1/5s", "a:5/0s"}) {
            assertThatThrownBy(() -> RateProfile.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> RateProfile.parse("steady:5/60s,spike:20"))
                .hasMessageContaining("spike:20");
    }

    @Test
    void durationsParseWithUnits() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthDistributionMediansAndTailsAreRealistic() {
        SplittableRandom random = new SplittableRandom(11);
        int[] prompts = new int[20_000];
        int[] outputs = new int[20_000];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = LogNormal.PROMPT_TOKENS.sample(random);
            outputs[i] = LogNormal.OUTPUT_TOKENS.sample(random);
        }
        Arrays.sort(prompts);
        Arrays.sort(outputs);
        assertThat(prompts[10_000]).isBetween(380, 420);
        assertThat(prompts[19_800]).as("p99 prompt").isBetween(2_000, 4_096);
        assertThat(prompts[19_999]).isLessThanOrEqualTo(4_096);
        assertThat(outputs[10_000]).isBetween(140, 160);
        assertThat(outputs[19_800]).as("p99 output").isBetween(600, 1_024);
        assertThat(outputs[19_999]).isLessThanOrEqualTo(1_024);
    }

    @Test
    void drawnRequestsFollowTheMixAndTheirPromptsEstimateToTheDrawnLength() throws Exception {
        LoadConfig config = LoadConfig.defaults("http://127.0.0.1:1");
        SplittableRandom random = new SplittableRandom(5);
        int streaming = 0;
        int chat = 0;
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            LoadRequest request = LoadRequest.draw(config, random);
            JsonNode body = OpenAiWire.JSON.readTree(request.body());
            Kind kind = request.path().equals(LoadRequest.CHAT_PATH) ? Kind.CHAT : Kind.COMPLETION;
            CompletionRequest parsed = CompletionRequest.parse(kind, body, null);
            assertThat(parsed.promptTokens()).isEqualTo(request.promptTokens());
            assertThat(parsed.maxTokens()).isEqualTo(request.maxTokens());
            assertThat(parsed.stream()).isEqualTo(request.stream());
            assertThat(body.path("model").asText()).isEqualTo(ReplicaConfig.DEFAULT_MODEL);
            assertThat(!parsed.stream() && parsed.includeUsage()).isFalse();
            streaming += request.stream() ? 1 : 0;
            chat += kind == Kind.CHAT ? 1 : 0;
        }
        assertThat(streaming / (double) n).isCloseTo(0.8, within(0.03));
        assertThat(chat / (double) n).isCloseTo(0.8, within(0.03));
    }

    @Test
    void reservoirPercentilesAreExactBelowCapacityAndBoundedAbove() {
        Reservoir small = new Reservoir(1_000);
        for (int i = 1; i <= 100; i++) {
            small.add(i);
        }
        assertThat(small.percentile(0.5)).isEqualTo(50);
        assertThat(small.percentile(0.99)).isEqualTo(99);

        Reservoir bounded = new Reservoir(1_000);
        for (int i = 1; i <= 100_000; i++) {
            bounded.add(i);
        }
        assertThat(bounded.count()).isEqualTo(100_000);
        assertThat(bounded.percentile(0.5)).isCloseTo(50_000, within(5_000.0));
        assertThat(new Reservoir(10).percentile(0.5)).isNaN();
    }

    @Test
    void sseReaderJoinsEventsSplitAcrossBuffers() {
        SseReader sse = new SseReader();
        String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" fox\"}}]}\n\n";
        assertThat(
                        sse.feed(
                                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"))
                .isZero();
        assertThat(sse.feed(chunk.substring(0, 20))).isZero();
        assertThat(sse.feed(chunk.substring(20) + chunk)).isEqualTo(2);
        sse.feed("data: {\"choices\":[],\"usage\":{\"completion_tokens\":2}}\r\n\r\ndata: [DO");
        assertThat(sse.done()).isFalse();
        sse.feed("NE]\n\n");
        assertThat(sse.done()).isTrue();
        assertThat(sse.completionTokens()).isEqualTo(2);
        assertThat(sse.malformed()).isFalse();
    }

    @Test
    void targetUrlNormalisesToTheServerRoot() {
        assertThat(LoadGenerator.baseUrl("http://127.0.0.1:8080/v1/"))
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(LoadGenerator.baseUrl("http://127.0.0.1:8080"))
                .isEqualTo("http://127.0.0.1:8080");
    }
}
