package io.inferscope.simulator;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open-loop load generator for OpenAI-compatible endpoints: Poisson arrivals at the rate of a
 * {@link RateProfile}, each request sent the moment it arrives whatever the state of earlier ones
 * (up to {@link LoadConfig#maxOutstanding()} in flight; arrivals beyond are skipped and counted),
 * with a realistic mix of prompt and output lengths, streaming and non-streaming, chat and
 * completions. Records client-side TTFT and end-to-end latency.
 *
 * <p>Reads every option of {@link LoadConfig}. All scheduling and response handling runs on one
 * Vert.x event loop; {@link #report()} is safe from any thread.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    private final LoadConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClientAgent client;
    private final String base;
    private final LoadStats stats = new LoadStats();
    private final SplittableRandom random;
    private final ArrivalProcess arrivals;
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile long startNanos;
    private volatile boolean arrivalsDone;

    // Touched only on the generator's event loop.
    private Context context;
    private double nextArrival;
    private long timerId = -1;

    /** A generator on its own Vert.x instance, closed with it. */
    public LoadGenerator(LoadConfig config) {
        this(Vertx.vertx(FleetSimulator.vertxOptions()), config, true);
    }

    /** A generator on a shared Vert.x instance, which {@link #close()} leaves running. */
    public LoadGenerator(Vertx vertx, LoadConfig config) {
        this(vertx, config, false);
    }

    private LoadGenerator(Vertx vertx, LoadConfig config, boolean ownsVertx) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.base = baseUrl(config.target());
        this.random = new SplittableRandom(config.seed());
        this.arrivals = new ArrivalProcess(config.profile(), random.split());
        this.client =
                vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                        new PoolOptions().setHttp1MaxSize(config.maxOutstanding()));
    }

    /** {@code http://host:port/v1/} and {@code http://host:port} both mean the server root. */
    static String baseUrl(String target) {
        String url = target.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.endsWith("/v1") ? url.substring(0, url.length() - 3) : url;
    }

    /** Starts sending; returns at once. */
    public LoadGenerator start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(
                v -> {
                    startNanos = System.nanoTime();
                    nextArrival = arrivals.next(0);
                    tick();
                });
        return this;
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Sends every arrival that is due, then sleeps on a timer until the next one. */
    private void tick() {
        timerId = -1;
        double end = config.duration().toNanos() / 1e9;
        double now = elapsedSeconds();
        while (!arrivalsDone && nextArrival <= now && nextArrival < end) {
            fire();
            nextArrival = arrivals.next(nextArrival);
        }
        if (arrivalsDone || nextArrival >= end) {
            finishArrivals();
            return;
        }
        long waitMs = Math.max(1, (long) Math.ceil((nextArrival - elapsedSeconds()) * 1000));
        timerId = vertx.setTimer(waitMs, id -> tick());
    }

    private void fire() {
        if (stats.inFlight() >= config.maxOutstanding()) {
            stats.skipped();
            return;
        }
        send(LoadRequest.draw(config, random));
    }

    private void send(LoadRequest request) {
        stats.sent();
        long t0 = System.nanoTime();
        Outcome outcome = new Outcome(t0);
        RequestOptions options =
                new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(base + request.path())
                        .putHeader("authorization", "Bearer " + config.apiKey())
                        .putHeader("content-type", "application/json")
                        .putHeader("accept", request.stream() ? "text/event-stream" : "*/*")
                        .setIdleTimeout(config.idleTimeout().toMillis());
        client.request(options)
                .compose(req -> req.send(Buffer.buffer(request.body())))
                .onSuccess(resp -> onResponse(request, resp, outcome))
                .onFailure(e -> outcome.fail(ErrorKinds.of(e), 0));
    }

    private void onResponse(LoadRequest request, HttpClientResponse resp, Outcome outcome) {
        if (resp.statusCode() != 200) {
            resp.body().onComplete(ignored -> outcome.fail("http_" + resp.statusCode(), 0));
            return;
        }
        if (!request.stream()) {
            resp.body()
                    .onSuccess(body -> outcome.succeed(ErrorKinds.completionTokens(body)))
                    .onFailure(e -> outcome.fail(ErrorKinds.of(e), 0));
            return;
        }
        SseReader sse = new SseReader();
        resp.handler(
                buf -> {
                    boolean first = sse.contentChunks() == 0;
                    if (sse.feed(buf.toString(StandardCharsets.UTF_8)) > 0 && first) {
                        stats.firstToken(outcome.elapsedMs());
                    }
                });
        resp.exceptionHandler(e -> outcome.fail("stream_broken", sse.contentChunks()));
        resp.endHandler(
                v -> {
                    if (sse.done() && !sse.malformed()) {
                        outcome.succeed(sse.completionTokens());
                    } else {
                        outcome.fail(
                                sse.malformed() ? "malformed_chunk" : "stream_incomplete",
                                sse.contentChunks());
                    }
                });
    }

    private void finishArrivals() {
        arrivalsDone = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        checkFinished();
    }

    private void checkFinished() {
        if (arrivalsDone && stats.inFlight() == 0) {
            finished.countDown();
        }
    }

    /** Stops new arrivals now; requests in flight run to completion. */
    public void stop() {
        if (context != null) {
            context.runOnContext(v -> finishArrivals());
        }
    }

    /** Waits until arrivals are over and every request has finished. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isDone() {
        return finished.getCount() == 0;
    }

    /** Counts and percentiles over the whole run so far. */
    public LoadReport report() {
        return stats.report(elapsed(), false);
    }

    /** Counts since the start, percentiles since the previous call of this method. */
    public LoadReport intervalReport() {
        return stats.report(elapsed(), true);
    }

    private Duration elapsed() {
        return startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        stop();
        try {
            Replica.await(client.close());
        } catch (RuntimeException e) {
            LOG.warn("closing the load client failed: {}", e.toString());
        } finally {
            if (ownsVertx) {
                Replica.await(vertx.close());
            }
        }
    }

    /** Books one request's end exactly once, whichever callback sees it first. */
    private final class Outcome {
        private final long t0;
        private boolean booked;

        Outcome(long t0) {
            this.t0 = t0;
        }

        double elapsedMs() {
            return (System.nanoTime() - t0) / 1e6;
        }

        void succeed(int tokens) {
            if (!booked) {
                booked = true;
                stats.succeeded(elapsedMs(), tokens);
                checkFinished();
            }
        }

        void fail(String kind, int tokens) {
            if (!booked) {
                booked = true;
                stats.failed(kind, tokens);
                checkFinished();
            }
        }
    }
}
