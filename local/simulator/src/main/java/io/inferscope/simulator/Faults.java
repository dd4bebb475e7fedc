package io.inferscope.simulator;

/**
 * Fault probabilities of one replica, changeable at run time with {@link Replica#setFaults}.
 *
 * <ul>
 *   <li>{@code errorRate}: probability that a request is answered HTTP 500 with an OpenAI-style
 *       JSON error body.
 *   <li>{@code unavailableRate}: probability of an HTTP 503 (an overloaded or restarting server).
 *   <li>{@code disconnectRate}: probability that the connection is closed after k generated tokens
 *       (k drawn uniformly below the output length), so the client never sees {@code [DONE]}.
 *   <li>{@code slowFirstTokenRate} and {@code slowFirstTokenMs}: probability that the first token
 *       is delayed by that much on top of queueing and prefill.
 * </ul>
 */
public record Faults(
        double errorRate,
        double unavailableRate,
        double disconnectRate,
        double slowFirstTokenRate,
        long slowFirstTokenMs) {

    /** A healthy replica. */
    public static final Faults NONE = new Faults(0, 0, 0, 0, 2_000);

    public Faults {
        checkProbability("errorRate", errorRate);
        checkProbability("unavailableRate", unavailableRate);
        checkProbability("disconnectRate", disconnectRate);
        checkProbability("slowFirstTokenRate", slowFirstTokenRate);
        if (slowFirstTokenMs < 0) {
            throw new IllegalArgumentException("slowFirstTokenMs must be >= 0");
        }
    }

    public Faults withErrorRate(double p) {
        return new Faults(p, unavailableRate, disconnectRate, slowFirstTokenRate, slowFirstTokenMs);
    }

    public Faults withUnavailableRate(double p) {
        return new Faults(errorRate, p, disconnectRate, slowFirstTokenRate, slowFirstTokenMs);
    }

    public Faults withDisconnectRate(double p) {
        return new Faults(errorRate, unavailableRate, p, slowFirstTokenRate, slowFirstTokenMs);
    }

    public Faults withSlowFirstToken(double p, long delayMs) {
        return new Faults(errorRate, unavailableRate, disconnectRate, p, delayMs);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + p);
        }
    }
}
