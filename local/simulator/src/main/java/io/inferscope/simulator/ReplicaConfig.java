package io.inferscope.simulator;

import java.util.Objects;

/**
 * Configuration of one simulated model-server replica; {@link #defaults(String)} and {@code withX}
 * methods give the usual values.
 *
 * @param name replica name, e.g. {@code llama-7b-0} (default model {@code llama-3.1-8b-instruct})
 * @param model the served model name reported by {@code /v1/models} and in responses
 * @param slots batch slots: requests decoded at the same time (default 8)
 * @param maxQueue requests allowed to wait for a slot; beyond it the replica answers 503 (256)
 * @param latency prefill and decode times, see {@link LatencyModel}
 * @param outputMedianTokens median output length when a request gives no {@code max_tokens} (150)
 * @param maxOutputTokens longest drawn output (1024)
 * @param maxModelLen context length: prompt + {@code max_tokens} above it is a 400 (8192)
 * @param kvCacheTokens tokens the KV cache holds, for {@link ReplicaStats#kvCacheFill()} (16384)
 * @param faults initial fault probabilities, see {@link Faults}
 * @param seed seed of the replica's random draws (output lengths, faults)
 */
public record ReplicaConfig(
        String name,
        String model,
        int slots,
        int maxQueue,
        LatencyModel latency,
        int outputMedianTokens,
        int maxOutputTokens,
        int maxModelLen,
        int kvCacheTokens,
        Faults faults,
        long seed) {

    public static final String DEFAULT_MODEL = "llama-3.1-8b-instruct";

    public ReplicaConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(faults, "faults");
        if (slots < 1 || maxQueue < 0 || outputMedianTokens < 1 || maxOutputTokens < 1) {
            throw new IllegalArgumentException("slots, outputMedianTokens, maxOutputTokens >= 1");
        }
        if (maxModelLen < 2 || kvCacheTokens < 1) {
            throw new IllegalArgumentException("maxModelLen >= 2 and kvCacheTokens >= 1 required");
        }
    }

    public static ReplicaConfig defaults(String name) {
        return new ReplicaConfig(
                name,
                DEFAULT_MODEL,
                8,
                256,
                LatencyModel.DEFAULT,
                150,
                1024,
                8192,
                16_384,
                Faults.NONE,
                name.hashCode());
    }

    private ReplicaConfig copy(String name, String model, int slots, int maxQueue, LatencyModel l) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                l,
                outputMedianTokens,
                maxOutputTokens,
                maxModelLen,
                kvCacheTokens,
                faults,
                seed);
    }

    public ReplicaConfig withName(String newName) {
        return copy(newName, model, slots, maxQueue, latency);
    }

    public ReplicaConfig withModel(String newModel) {
        return copy(name, newModel, slots, maxQueue, latency);
    }

    public ReplicaConfig withSlots(int newSlots) {
        return copy(name, model, newSlots, maxQueue, latency);
    }

    public ReplicaConfig withMaxQueue(int newMaxQueue) {
        return copy(name, model, slots, newMaxQueue, latency);
    }

    public ReplicaConfig withLatency(LatencyModel newLatency) {
        return copy(name, model, slots, maxQueue, newLatency);
    }

    public ReplicaConfig withSpeedFactor(double factor) {
        return withLatency(latency.withSpeedFactor(factor));
    }

    public ReplicaConfig withOutputTokens(int median, int max) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                latency,
                median,
                max,
                maxModelLen,
                kvCacheTokens,
                faults,
                seed);
    }

    public ReplicaConfig withMaxModelLen(int len) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                latency,
                outputMedianTokens,
                maxOutputTokens,
                len,
                kvCacheTokens,
                faults,
                seed);
    }

    public ReplicaConfig withKvCacheTokens(int tokens) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                latency,
                outputMedianTokens,
                maxOutputTokens,
                maxModelLen,
                tokens,
                faults,
                seed);
    }

    public ReplicaConfig withFaults(Faults newFaults) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                latency,
                outputMedianTokens,
                maxOutputTokens,
                maxModelLen,
                kvCacheTokens,
                newFaults,
                seed);
    }

    public ReplicaConfig withSeed(long newSeed) {
        return new ReplicaConfig(
                name,
                model,
                slots,
                maxQueue,
                latency,
                outputMedianTokens,
                maxOutputTokens,
                maxModelLen,
                kvCacheTokens,
                faults,
                newSeed);
    }
}
