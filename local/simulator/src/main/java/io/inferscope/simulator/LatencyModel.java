package io.inferscope.simulator;

/**
 * How long a simulated replica takes to prefill a prompt and to decode each output token.
 *
 * <p>Prefill (time to the first token once a slot is free) is {@code (prefillFixedMs +
 * prefillMsPerToken × promptTokens) × speedFactor}. Each further token takes {@code
 * decodeMsPerToken × (1 + batchSlowdown × (activeSlots − 1)) × speedFactor}: a fuller batch makes
 * every sequence in it slower, as continuous batching on one GPU does.
 *
 * @param prefillFixedMs fixed prefill cost per request (scheduling, first forward pass)
 * @param prefillMsPerToken prefill cost per prompt token
 * @param decodeMsPerToken decode step with a batch of one
 * @param batchSlowdown relative slowdown of a decode step per additional active sequence
 * @param speedFactor multiplier on all times; above 1 is a slower replica
 */
public record LatencyModel(
        double prefillFixedMs,
        double prefillMsPerToken,
        double decodeMsPerToken,
        double batchSlowdown,
        double speedFactor) {

    /** Roughly an 8B model on one modern GPU: 15 ms + 0.15 ms/token prefill, 12 ms decode. */
    public static final LatencyModel DEFAULT = new LatencyModel(15, 0.15, 12, 0.08, 1.0);

    public LatencyModel {
        if (prefillFixedMs < 0 || prefillMsPerToken < 0 || decodeMsPerToken < 0) {
            throw new IllegalArgumentException("latencies must be >= 0");
        }
        if (batchSlowdown < 0 || !(speedFactor > 0)) {
            throw new IllegalArgumentException("batchSlowdown >= 0 and speedFactor > 0 required");
        }
    }

    public double prefillMs(int promptTokens) {
        return (prefillFixedMs + prefillMsPerToken * promptTokens) * speedFactor;
    }

    public double decodeStepMs(int activeSlots) {
        int others = Math.max(0, activeSlots - 1);
        return decodeMsPerToken * (1 + batchSlowdown * others) * speedFactor;
    }

    public LatencyModel withPrefill(double fixedMs, double msPerToken) {
        return new LatencyModel(fixedMs, msPerToken, decodeMsPerToken, batchSlowdown, speedFactor);
    }

    public LatencyModel withDecode(double msPerToken, double slowdown) {
        return new LatencyModel(
                prefillFixedMs, prefillMsPerToken, msPerToken, slowdown, speedFactor);
    }

    public LatencyModel withSpeedFactor(double factor) {
        return new LatencyModel(
                prefillFixedMs, prefillMsPerToken, decodeMsPerToken, batchSlowdown, factor);
    }
}
