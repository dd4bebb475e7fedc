package io.inferscope.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Arrival rate over time, piecewise constant: a list of segments, each a rate held for a duration.
 * After the last segment its rate continues. The spec {@code
 * "steady:5/60s,spike:20/60s,steady:5/60s"} reads "label:rate/duration" per segment (the label is
 * optional and only for display); a bare number such as {@code "5"} is a constant rate.
 */
public final class RateProfile {

    /** One piece of the profile. */
    public record Segment(String label, double ratePerSecond, Duration duration) {
        public Segment {
            Objects.requireNonNull(label, "label");
            if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate must be >= 0, was " + ratePerSecond);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("segment duration must be > 0");
            }
        }
    }

    private final List<Segment> segments;
    private final double[] ends; // end of each segment in seconds from the start

    private RateProfile(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs at least one segment");
        }
        this.segments = List.copyOf(segments);
        this.ends = new double[segments.size()];
        double t = 0;
        for (int i = 0; i < segments.size(); i++) {
            t += segments.get(i).duration().toNanos() / 1e9;
            ends[i] = t;
        }
    }

    public static RateProfile of(List<Segment> segments) {
        return new RateProfile(segments);
    }

    /** A constant rate (one segment of a minute, continued for ever). */
    public static RateProfile constant(double ratePerSecond) {
        return new RateProfile(
                List.of(new Segment("steady", ratePerSecond, Duration.ofMinutes(1))));
    }

    /** Steady, then the rate multiplied by {@code factor} for {@code spike}, then steady again. */
    public static RateProfile spike(
            double rate, double factor, Duration before, Duration spike, Duration after) {
        return new RateProfile(
                List.of(
                        new Segment("steady", rate, before),
                        new Segment("spike", rate * factor, spike),
                        new Segment("recovery", rate, after)));
    }

    public static RateProfile parse(String spec) {
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            return constant(Double.parseDouble(trimmed));
        }
        List<Segment> list = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            list.add(parseSegment(part.trim(), spec));
        }
        return new RateProfile(list);
    }

    private static Segment parseSegment(String part, String spec) {
        int colon = part.indexOf(':');
        String label = colon < 0 ? "segment" : part.substring(0, colon).trim();
        String body = part.substring(colon + 1).trim();
        int slash = body.indexOf('/');
        if (slash < 0 || label.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid rate profile '"
                            + spec
                            + "': segment '"
                            + part
                            + "' is not label:rate/duration (e.g. spike:20/60s)");
        }
        try {
            double rate = Double.parseDouble(body.substring(0, slash).trim());
            return new Segment(label, rate, Durations.parse(body.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid rate profile '" + spec + "' at '" + part + "': " + e.getMessage(), e);
        }
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The sum of the segments' durations. */
    public Duration totalDuration() {
        return segments.stream().map(Segment::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Requests per second at {@code seconds} after the start. */
    public double rateAt(double seconds) {
        return segments.get(indexAt(seconds)).ratePerSecond();
    }

    /** Where the segment holding {@code seconds} ends; infinity for the last one. */
    public double segmentEnd(double seconds) {
        int i = indexAt(seconds);
        return i == segments.size() - 1 ? Double.POSITIVE_INFINITY : ends[i];
    }

    /** Label of the segment at {@code seconds}, e.g. {@code spike}. */
    public String labelAt(double seconds) {
        return segments.get(indexAt(seconds)).label();
    }

    private int indexAt(double seconds) {
        for (int i = 0; i < ends.length - 1; i++) {
            if (seconds < ends[i]) {
                return i;
            }
        }
        return ends.length - 1;
    }

    @Override
    public String toString() {
        return segments.stream()
                .map(
                        s ->
                                s.label()
                                        + ":"
                                        + s.ratePerSecond()
                                        + "/"
                                        + Durations.format(s.duration()))
                .collect(Collectors.joining(","));
    }
}
