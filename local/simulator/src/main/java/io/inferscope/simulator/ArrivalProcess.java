package io.inferscope.simulator;

import java.util.random.RandomGenerator;

/**
 * Arrival times of a Poisson process whose rate follows a {@link RateProfile}. Within a segment the
 * gaps are exponential; across a rate change the remaining unit-exponential "work" carries over
 * (time-change of a unit Poisson process), so the count in each segment is Poisson with mean rate ×
 * length — exact, unlike drawing every gap with the rate of its start.
 */
final class ArrivalProcess {

    private final RateProfile profile;
    private final RandomGenerator random;

    ArrivalProcess(RateProfile profile, RandomGenerator random) {
        this.profile = profile;
        this.random = random;
    }

    /** The first arrival strictly after {@code t} seconds; infinity when the rate stays 0. */
    double next(double t) {
        double work = -Math.log(1.0 - random.nextDouble()); // Exp(1)
        double now = t;
        while (true) {
            double rate = profile.rateAt(now);
            double end = profile.segmentEnd(now);
            if (rate > 0 && now + work / rate <= end) {
                return now + work / rate;
            }
            if (Double.isInfinite(end)) {
                return Double.POSITIVE_INFINITY;
            }
            work -= rate * (end - now);
            now = end;
        }
    }
}
