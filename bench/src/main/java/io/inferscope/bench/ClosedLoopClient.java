package io.inferscope.bench;

import io.inferscope.bench.PhaseResult.Mode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: {@code streams} streaming chat completions in flight at all times,
 * each stream sending its next request when the last one ends. Requests go round-robin over the
 * targets. TTFT is taken on the client, from just before the request is handed to the HTTP client
 * to the arrival of the buffer holding the first content-bearing SSE event.
 *
 * <p>Only what happens inside the measured window counts: a first token arriving in it records a
 * TTFT, a request ending in it counts as completed (or failed). One phase per {@link #run}.
 */
final class ClosedLoopClient {
    /** Pause before a failed stream's next request, so that a broken target cannot spin a core. */
    private static final long RETRY_DELAY_MS = 5;

    private static final long DRAIN_SECONDS = 15;

    /** Where one phase's requests go. */
    record Target(String host, int port) {}

    /** Cuts the measured window in the processes under test. */
    interface Window {
        void open() throws IOException;

        /** Ends the window: the gateway-measured TTFT (µs) and the CPU used, in cores. */
        Closed close() throws IOException;
    }

    /** What the processes saw in one window. */
    record Closed(Histogram gatewayTtftMicros, Map<String, Double> cores) {}

    private final Vertx vertx;
    private final BenchOptions options;
    private final byte[] body;

    ClosedLoopClient(Vertx vertx, BenchOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.body = requestBody(options).getBytes(StandardCharsets.UTF_8);
    }

    static String requestBody(BenchOptions o) {
        String usage = o.includeUsage() ? ",\"stream_options\":{\"include_usage\":true}" : "";
        return "{\"model\":\"llama-3.1-8b-instruct\",\"stream\":true,\"max_tokens\":"
                + o.maxTokens()
                + usage
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Summarize the incident.\"}]}";
    }

    /** Runs warm-up then the measured window, drains, and reports the window. */
    PhaseResult run(
            Mode mode,
            int round,
            List<Target> targets,
            Duration warmup,
            Duration measure,
            Window window)
            throws InterruptedException, IOException {
        HttpClientAgent http =
                vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setPipelining(false),
                        new PoolOptions().setHttp1MaxSize(options.streams()));
        Phase phase = new Phase(http, targets);
        for (int i = 0; i < options.streams(); i++) {
            phase.next();
        }
        TimeUnit.MILLISECONDS.sleep(warmup.toMillis());
        window.open();
        phase.windowStart = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(measure.toMillis());
        phase.windowEnd = System.nanoTime();
        Closed closed = window.close();
        phase.running = false;
        if (!phase.drained.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            System.err.printf(
                    "warning: %d streams still busy %d s after the %s phase%n",
                    phase.drained.getCount(), DRAIN_SECONDS, mode.label);
        }
        try {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("warning: the client did not close cleanly: " + e);
        }
        if (phase.firstError.get() != null) {
            System.err.printf(
                    "warning: %s #%d: %d errors, first: %s%n",
                    mode.label, round, phase.errors.sum(), phase.firstError.get());
        }
        return new PhaseResult(
                mode,
                round,
                phase.ttft.getIntervalHistogram(),
                closed.gatewayTtftMicros(),
                phase.completed.sum(),
                phase.tokens.sum(),
                phase.errors.sum(),
                (phase.windowEnd - phase.windowStart) / 1e9,
                closed.cores());
    }

    /** The shared state of one phase's streams. */
    private final class Phase {
        final HttpClientAgent http;
        final List<Target> targets;
        final Recorder ttft = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);
        final LongAdder completed = new LongAdder();
        final LongAdder tokens = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLong roundRobin = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final CountDownLatch drained = new CountDownLatch(options.streams());
        volatile boolean running = true;
        volatile long windowStart = Long.MAX_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;

        Phase(HttpClientAgent http, List<Target> targets) {
            this.http = http;
            this.targets = targets;
        }

        boolean inWindow(long nanos) {
            return nanos >= windowStart && nanos < windowEnd;
        }

        void next() {
            if (!running) {
                drained.countDown();
                return;
            }
            Target t = targets.get((int) (roundRobin.getAndIncrement() % targets.size()));
            RequestOptions ro =
                    new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost(t.host())
                            .setPort(t.port())
                            .setURI("/v1/chat/completions")
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                            .putHeader("x-prompt-tokens", Integer.toString(options.promptTokens()));
            long t0 = System.nanoTime();
            http.request(ro)
                    .compose(req -> req.send(Buffer.buffer(body)))
                    .onSuccess(resp -> new Exchange(this, t0).attach(resp))
                    .onFailure(e -> fail(e.toString()));
        }

        void fail(String why) {
            if (inWindow(System.nanoTime())) {
                errors.increment();
                firstError.compareAndSet(null, why);
            }
            vertx.setTimer(RETRY_DELAY_MS, id -> next());
        }

        void succeed(int contentTokens) {
            if (inWindow(System.nanoTime())) {
                completed.increment();
                tokens.add(contentTokens);
            }
            next();
        }
    }

    /** One request's response, read on its connection's event loop. */
    private final class Exchange {
        final Phase phase;
        final long t0;
        final SseProbe probe = new SseProbe();
        boolean ended;

        Exchange(Phase phase, long t0) {
            this.phase = phase;
            this.t0 = t0;
        }

        void attach(HttpClientResponse resp) {
            if (resp.statusCode() != 200) {
                // The error body is the server's message, never prompt or completion text.
                resp.body()
                        .onComplete(
                                ar ->
                                        end(
                                                "status "
                                                        + resp.statusCode()
                                                        + (ar.succeeded()
                                                                ? " " + ar.result()
                                                                : "")));
                return;
            }
            resp.handler(this::onBuffer);
            resp.exceptionHandler(e -> end(e.toString()));
            resp.endHandler(v -> end(null));
        }

        void onBuffer(Buffer buf) {
            long now = System.nanoTime();
            if (probe.feed(buf.getBytes()) && phase.inWindow(now)) {
                phase.ttft.recordValue(Math.max(0, (now - t0) / 1000));
            }
        }

        void end(String error) {
            if (ended) {
                return;
            }
            ended = true;
            if (error != null) {
                phase.fail(error);
            } else if (!probe.done() || probe.contentEvents() != options.maxTokens()) {
                phase.fail(
                        "incomplete stream: "
                                + probe.contentEvents()
                                + " tokens, done="
                                + probe.done());
            } else {
                phase.succeed(probe.contentEvents());
            }
        }
    }
}
