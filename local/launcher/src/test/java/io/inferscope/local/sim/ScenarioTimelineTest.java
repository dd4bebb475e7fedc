package io.inferscope.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTimelineTest {

    @Test
    void incidentsFallInsideTheSpikeAndRecoveryAndEndWithinTheDefaultStory() {
        ScenarioTimeline t = ScenarioTimeline.defaults();
        Duration spikeEnd = t.steady().plus(t.spike());

        assertThat(t.scaleUpAt()).isBetween(t.steady(), spikeEnd);
        assertThat(t.crashAt()).isBetween(t.steady(), spikeEnd);
        assertThat(t.pressureAt()).isGreaterThanOrEqualTo(t.crashEndAt());
        assertThat(t.scaleDownAt()).isGreaterThan(t.readyAt()).isGreaterThan(t.pressureEndAt());
        assertThat(t.storyEnd()).isLessThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void scalingShrinksEveryOffsetAlike() {
        ScenarioTimeline t = ScenarioTimeline.defaults().scaled(0.3);

        assertThat(t.steady()).isEqualTo(Duration.ofMillis(13_500));
        assertThat(t.crashAt()).isEqualTo(Duration.ofSeconds(18));
        assertThat(t.restartEvery()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.storyEnd()).isEqualTo(Duration.ofSeconds(45));
        assertThat(t.loadProfile(5, 4).rateAt(20)).isEqualTo(20);
        assertThat(t.loadProfile(5, 4).rateAt(30)).isEqualTo(5);
    }

    @Test
    void scaleMustBePositive() {
        assertThatThrownBy(() -> ScenarioTimeline.defaults().scaled(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
