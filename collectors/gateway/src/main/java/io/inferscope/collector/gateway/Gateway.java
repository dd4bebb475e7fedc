package io.inferscope.collector.gateway;

import io.inferscope.collector.core.RecordSink;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running gateway: the OpenAI-compatible measuring reverse proxy plus the ingest endpoint, on one
 * port. Embed it with {@link #start(GatewayConfig, RecordSink)}; {@link #close()} stops it. It owns
 * its Vert.x instance ({@code config.eventLoops()} event loops, one server and one upstream client
 * each); records go to the given sink, which must not block (the collector core's {@code Publisher}
 * does not).
 *
 * <p>Options read: every field of {@link GatewayConfig}.
 */
public final class Gateway implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final int port;
    private final GatewayMetrics metrics;

    private Gateway(Vertx vertx, int port, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.port = port;
        this.metrics = metrics;
    }

    /**
     * Starts listening and returns once every event loop accepts connections.
     *
     * @throws BindException when the port is taken
     * @throws IOException when the server cannot start for another reason
     */
    public static Gateway start(GatewayConfig config, RecordSink sink) throws IOException {
        GatewayMetrics metrics = new GatewayMetrics();
        GatewayRuntime rt = new GatewayRuntime(config, sink, metrics);
        Vertx vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(config.eventLoops())
                                // epoll when Netty's native library loads (Linux), else NIO.
                                .setPreferNativeTransport(true)
                                .setWorkerPoolSize(1)
                                .setInternalBlockingPoolSize(1));
        try {
            // Instances on one port share one bound socket. For "any free port" Vert.x takes a
            // negative port to mean one random port shared by all its servers (0 would give each
            // instance its own).
            int listenPort = config.port() == 0 ? -1 : config.port();
            GatewayVerticle first = new GatewayVerticle(rt, listenPort);
            await(vertx.deployVerticle(first));
            for (int i = 1; i < config.eventLoops(); i++) {
                await(vertx.deployVerticle(new GatewayVerticle(rt, listenPort)));
            }
            return new Gateway(vertx, first.actualPort(), metrics);
        } catch (IOException | RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The network transport the event loops run on: {@code epoll} (native) or {@code nio}. */
    public String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Stops accepting, drops open connections and releases the event loops. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort: the event loop threads are daemons.
        }
    }

    private static void await(io.vertx.core.Future<?> f) throws IOException {
        try {
            f.toCompletionStage()
                    .toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the gateway", e);
        } catch (TimeoutException e) {
            throw new IOException(
                    "the gateway did not start within " + START_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BindException be) {
                throw be;
            }
            String msg = String.valueOf(cause == null ? null : cause.getMessage());
            if (msg.contains("Address already in use")) {
                BindException be = new BindException(msg);
                be.initCause(cause);
                throw be;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException("cannot start the gateway", cause));
        }
    }
}
