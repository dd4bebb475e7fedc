package io.inferscope.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LoadGenerator} sends; {@link #defaults(String)} and {@code withX} give the usual
 * values.
 *
 * @param target base URL of a gateway or a replica, e.g. {@code http://127.0.0.1:8001}
 * @param profile arrival rate over time (Poisson arrivals, open loop)
 * @param duration how long arrivals continue (default 60 s); in-flight requests then finish
 * @param streamRatio share of streaming requests (0.8)
 * @param chatRatio share of {@code /v1/chat/completions}; the rest use {@code /v1/completions}
 *     (0.8)
 * @param includeUsageRatio share of streaming requests asking {@code include_usage} (0.5)
 * @param model the {@code model} field sent (default {@value ReplicaConfig#DEFAULT_MODEL})
 * @param apiKey sent as {@code Authorization: Bearer ...}; a recognisable test key
 * @param maxOutstanding in-flight cap; arrivals beyond it are skipped and counted (512)
 * @param promptTokens prompt length distribution (median 400, tail to 4k)
 * @param outputTokens output length distribution, sent as {@code max_tokens} (median 150, to 1k)
 * @param idleTimeout a request with no bytes for this long fails (30 s)
 * @param seed seed of arrivals, lengths and request mix
 */
public record LoadConfig(
        String target,
        RateProfile profile,
        Duration duration,
        double streamRatio,
        double chatRatio,
        double includeUsageRatio,
        String model,
        String apiKey,
        int maxOutstanding,
        LogNormal promptTokens,
        LogNormal outputTokens,
        Duration idleTimeout,
        long seed) {

    public static final String DEFAULT_API_KEY = "sk-test-inferscope-4f1c9a7e2b";

    public LoadConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(outputTokens, "outputTokens");
        if (duration.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("duration >= 0 and idleTimeout > 0 required");
        }
        checkRatio("streamRatio", streamRatio);
        checkRatio("chatRatio", chatRatio);
        checkRatio("includeUsageRatio", includeUsageRatio);
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be >= 1");
        }
    }

    public static LoadConfig defaults(String target) {
        return new LoadConfig(
                target,
                RateProfile.constant(5),
                Duration.ofSeconds(60),
                0.8,
                0.8,
                0.5,
                ReplicaConfig.DEFAULT_MODEL,
                DEFAULT_API_KEY,
                512,
                LogNormal.PROMPT_TOKENS,
                LogNormal.OUTPUT_TOKENS,
                Duration.ofSeconds(30),
                42);
    }

    public LoadConfig withProfile(RateProfile p) {
        return new LoadConfig(
                target,
                p,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withRate(double ratePerSecond) {
        return withProfile(RateProfile.constant(ratePerSecond));
    }

    public LoadConfig withDuration(Duration d) {
        return new LoadConfig(
                target,
                profile,
                d,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withStreamRatio(double r) {
        return new LoadConfig(
                target,
                profile,
                duration,
                r,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withChatRatio(double r) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                r,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withIncludeUsageRatio(double r) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                r,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withModel(String m) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                m,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withApiKey(String key) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                key,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withMaxOutstanding(int max) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                max,
                promptTokens,
                outputTokens,
                idleTimeout,
                seed);
    }

    public LoadConfig withLengths(LogNormal prompt, LogNormal output) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                prompt,
                output,
                idleTimeout,
                seed);
    }

    public LoadConfig withIdleTimeout(Duration t) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                t,
                seed);
    }

    public LoadConfig withSeed(long s) {
        return new LoadConfig(
                target,
                profile,
                duration,
                streamRatio,
                chatRatio,
                includeUsageRatio,
                model,
                apiKey,
                maxOutstanding,
                promptTokens,
                outputTokens,
                idleTimeout,
                s);
    }

    private static void checkRatio(String name, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + r);
        }
    }
}
