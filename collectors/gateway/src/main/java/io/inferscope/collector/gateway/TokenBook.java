package io.inferscope.collector.gateway;

import io.inferscope.schemas.Labels;
import io.inferscope.schemas.TokenProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Books the tokens of one request into {@link TokenProgress} records as they are produced, so
 * tokens per second can be computed per window rather than at completion.
 *
 * <p>During a stream each content-bearing chunk counts as one token (the best a proxy can see)
 * unless a chunk carries a cumulative {@code usage.completion_tokens} (vLLM's continuous usage
 * stats), which then wins. A record is emitted when a chunk arrives at least {@code interval} after
 * the previous record (or, when {@code everyChunks > 0}, after that many chunks), carrying the
 * tokens since the previous record and the gaps between successive content chunks ({@code itl_ms}).
 *
 * <p>{@link #finish} emits the last record with the remainder up to the final count (the exact
 * {@code usage} when the upstream sent one), so the sum of {@code completion_tokens} over a
 * request's records always equals the end record's {@code completion_tokens}. Exact prompt tokens
 * are usually known only from the final usage, so {@code prompt_tokens} is booked once, on the
 * first record emitted after they become known — on a stream that is normally the last one (the
 * schema suggests seq 0; the prompt is not observable earlier through a proxy).
 *
 * <p>Not thread-safe: one book per request, driven from its event loop.
 */
final class TokenBook {
    private final String requestId;
    private final long arrivalNanos;
    private final long arrivalWallMs;
    private final long intervalNanos;
    private final int everyChunks;
    private Labels labels;

    private int seq;
    private int counted;
    private Integer reportedCumulative;
    private int booked;
    private Integer promptTokens;
    private boolean promptBooked;
    private long lastEmitNanos;
    private int chunksSinceEmit;
    private long firstTokenNanos = -1;
    private long lastTokenNanos = -1;
    // Primitive, reused between records: a boxed Double per streamed chunk is avoidable garbage.
    private double[] gaps = new double[64];
    private int gapCount;

    TokenBook(
            String requestId,
            Labels labels,
            long arrivalNanos,
            long arrivalWallMs,
            long intervalNanos,
            int everyChunks) {
        this.requestId = requestId;
        this.labels = labels;
        this.arrivalNanos = arrivalNanos;
        this.arrivalWallMs = arrivalWallMs;
        this.intervalNanos = intervalNanos;
        this.everyChunks = everyChunks;
        this.lastEmitNanos = arrivalNanos;
    }

    void labels(Labels newLabels) {
        this.labels = newLabels;
    }

    /** A content-bearing chunk arrived; returns a progress record when one is due, else null. */
    TokenProgress onContentChunk(long nanos) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanos;
        } else {
            if (gapCount == gaps.length) {
                gaps = Arrays.copyOf(gaps, gapCount * 2);
            }
            gaps[gapCount++] = Millis.between(lastTokenNanos, nanos);
        }
        lastTokenNanos = nanos;
        counted++;
        chunksSinceEmit++;
        boolean due =
                nanos - lastEmitNanos >= intervalNanos
                        || (everyChunks > 0 && chunksSinceEmit >= everyChunks);
        return due ? emit(cumulative(), wallAt(nanos), nanos, Boolean.TRUE) : null;
    }

    /** A chunk carried usage numbers (cumulative, as vLLM's continuous usage stats send them). */
    void onUsage(Integer prompt, Integer completion) {
        if (prompt != null) {
            promptTokens = prompt;
        }
        if (completion != null) {
            reportedCumulative = completion;
        }
    }

    /**
     * The request ended with {@code total} completion tokens ({@code exact} when from usage).
     * Returns the last record, or null when nothing is left to book.
     */
    TokenProgress finish(int total, boolean exact, long endNanos) {
        boolean promptPending = promptTokens != null && !promptBooked;
        boolean pending = total > booked || promptPending || gapCount > 0;
        if (!pending) {
            return null;
        }
        long at = lastTokenNanos >= 0 ? lastTokenNanos : endNanos;
        return emit(total, wallAt(at), at, !exact);
    }

    int countedChunks() {
        return counted;
    }

    /** Completion tokens as known now: the upstream's cumulative count if sent, else chunks. */
    int cumulative() {
        return reportedCumulative != null ? reportedCumulative : counted;
    }

    Integer promptTokens() {
        return promptTokens;
    }

    long firstTokenNanos() {
        return firstTokenNanos;
    }

    long lastTokenNanos() {
        return lastTokenNanos;
    }

    private TokenProgress emit(int cumulative, long tsMs, long nanos, Boolean estimated) {
        int delta = Math.max(0, cumulative - booked);
        booked += delta;
        Integer prompt = null;
        if (promptTokens != null && !promptBooked) {
            prompt = promptTokens;
            promptBooked = true;
        }
        TokenProgress record =
                new TokenProgress(
                        requestId, tsMs, labels, seq++, delta, prompt, gapList(), estimated);
        gapCount = 0;
        lastEmitNanos = nanos;
        chunksSinceEmit = 0;
        return record;
    }

    private List<Double> gapList() {
        List<Double> list = new ArrayList<>(gapCount);
        for (int i = 0; i < gapCount; i++) {
            list.add(gaps[i]);
        }
        return List.copyOf(list);
    }

    private long wallAt(long nanos) {
        // Wall time derived from the arrival's wall clock plus monotonic elapsed time, so records
        // of
        // one request never go back in time when the system clock is adjusted mid-stream.
        return arrivalWallMs + (nanos - arrivalNanos) / 1_000_000L;
    }
}
