package io.inferscope.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.inferscope.schemas.sketch.QuantileSketches;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Accuracy of the percentiles InferScope publishes, against the exact percentiles of the same
 * samples, and against what a Prometheus {@code histogram_quantile} over vLLM's TTFT bucket
 * boundaries would report for them.
 *
 * <p>Run: {@code ./mvnw -q -pl bench exec:java
 * -Dexec.mainClass=io.inferscope.bench.SketchAccuracyBench} (optional args: sample count, seed).
 * Prints a Markdown table (the README's).
 *
 * <p>The sketch is the project's one configuration ({@link QuantileSketches#newSketch()}: DDSketch,
 * 1 % relative accuracy, at most 2048 bins), merged from 10 partial sketches (as windows and
 * replicas are merged), so the figure covers the merge path too.
 */
public final class SketchAccuracyBench {
    /** vLLM's {@code vllm:time_to_first_token_seconds} bucket upper bounds, in seconds. */
    static final double[] VLLM_TTFT_BUCKETS_S = {
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
        20.0, 40.0, 80.0, 160.0, 640.0, 2560.0
    };

    static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

    private SketchAccuracyBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        SplittableRandom rnd = new SplittableRandom(seed);
        System.out.printf(
                Locale.ROOT,
                "%d samples per distribution, seed %d; values are TTFT-like durations in ms%n%n",
                n,
                seed);
        System.out.println(
                "| distribution | quantile | exact (ms) | DDSketch (ms) | sketch rel. error |"
                        + " histogram_quantile (ms) | histogram rel. error |");
        System.out.println("|---|---|---|---|---|---|---|");
        run("lognormal (median 180 ms, σ=1.0)", n, () -> 180 * Math.exp(rnd.nextGaussian()));
        run(
                "bimodal (80 % ~120 ms, 20 % ~2.5 s)",
                n,
                () ->
                        rnd.nextDouble() < 0.8
                                ? Math.max(1, 120 + 25 * rnd.nextGaussian())
                                : Math.max(1, 2500 + 600 * rnd.nextGaussian()));
        run(
                "Pareto tail (x_m 50 ms, α=1.5)",
                n,
                () -> 50 / Math.pow(1 - rnd.nextDouble(), 1 / 1.5));
    }

    static void run(String name, int n, DoubleSupplier gen) {
        double[] samples = new double[n];
        DDSketch[] parts = new DDSketch[10];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = QuantileSketches.newSketch();
        }
        long[] bucketCounts = new long[VLLM_TTFT_BUCKETS_S.length + 1];
        for (int i = 0; i < n; i++) {
            double v = gen.getAsDouble();
            samples[i] = v;
            parts[i % parts.length].accept(v);
            bucketCounts[bucketIndex(v / 1000.0)]++;
        }
        DDSketch merged = QuantileSketches.newSketch();
        for (DDSketch p : parts) {
            // Through the wire format, as a consumer merging records would.
            merged.mergeWith(QuantileSketches.decode(QuantileSketches.encode(p)));
        }
        Arrays.sort(samples);
        for (double q : QUANTILES) {
            double exact = exactQuantile(samples, q);
            double sketch = merged.getValueAtQuantile(q);
            double hist = histogramQuantile(q, bucketCounts) * 1000.0;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | p%s | %.2f | %.2f | %.3f %% | %.2f | %.1f %% |%n",
                    name,
                    label(q),
                    exact,
                    sketch,
                    100 * Math.abs(sketch - exact) / exact,
                    hist,
                    100 * Math.abs(hist - exact) / exact);
        }
    }

    /** The lower-rank exact quantile, as DDSketch defines rank: value at index floor(q·(n−1)). */
    static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    static int bucketIndex(double seconds) {
        for (int i = 0; i < VLLM_TTFT_BUCKETS_S.length; i++) {
            if (seconds <= VLLM_TTFT_BUCKETS_S[i]) {
                return i;
            }
        }
        return VLLM_TTFT_BUCKETS_S.length;
    }

    /**
     * Prometheus {@code histogram_quantile} semantics on classic buckets: find the bucket holding
     * rank q·count and interpolate linearly inside it (lower bound 0 for the first bucket); a rank
     * in the +Inf bucket returns the highest finite bound.
     */
    static double histogramQuantile(double q, long[] counts) {
        long total = Arrays.stream(counts).sum();
        double rank = q * total;
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            long before = cumulative;
            cumulative += counts[i];
            if (cumulative >= rank) {
                if (i == VLLM_TTFT_BUCKETS_S.length) {
                    return VLLM_TTFT_BUCKETS_S[i - 1];
                }
                double lower = i == 0 ? 0 : VLLM_TTFT_BUCKETS_S[i - 1];
                double upper = VLLM_TTFT_BUCKETS_S[i];
                return lower + (upper - lower) * (rank - before) / counts[i];
            }
        }
        return VLLM_TTFT_BUCKETS_S[VLLM_TTFT_BUCKETS_S.length - 1];
    }

    private static String label(double q) {
        String s = String.format(Locale.ROOT, "%.1f", q * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
