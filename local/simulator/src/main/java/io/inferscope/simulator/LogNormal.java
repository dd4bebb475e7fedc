package io.inferscope.simulator;

import java.util.random.RandomGenerator;

/**
 * A lognormal length distribution clamped to {@code [min, max]}: most prompts and answers are
 * short, a few are very long, which is what LLM traffic looks like.
 *
 * @param median the median (the exponential of the underlying normal's mean)
 * @param sigma standard deviation of the underlying normal; 0.75 puts p99 at about 5.7× the median
 * @param min smallest value returned
 * @param max largest value returned
 */
public record LogNormal(double median, double sigma, int min, int max) {

    /** Prompt lengths in tokens: median 400, tail to 4k. */
    public static final LogNormal PROMPT_TOKENS = new LogNormal(400, 0.9, 8, 4096);

    /** Output lengths in tokens: median 150, tail to 1k. */
    public static final LogNormal OUTPUT_TOKENS = new LogNormal(150, 0.75, 1, 1024);

    public LogNormal {
        if (!(median > 0) || sigma < 0 || min < 1 || max < min) {
            throw new IllegalArgumentException("need median > 0, sigma >= 0, 1 <= min <= max");
        }
    }

    public int sample(RandomGenerator random) {
        long value = Math.round(median * Math.exp(sigma * random.nextGaussian()));
        return (int) Math.max(min, Math.min(max, value));
    }
}
