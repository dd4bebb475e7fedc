package io.inferscope.simulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated model server: its own HTTP server on its own port, its own {@link BatchEngine}, all
 * on one event loop. The control methods ({@link #setFaults}, {@link #setDown}) are safe from any
 * thread, so a scenario can inject incidents while traffic flows.
 */
public final class Replica {

    private static final long CONTROL_TIMEOUT_S = 10;

    private final Vertx vertx;
    private final int index;
    private final ReplicaConfig config;
    private final String host;
    private final int requestedPort;

    private volatile int port;
    private volatile Faults faults;
    private volatile boolean down;
    private volatile BatchEngine engine;
    private volatile String deploymentId;

    // Touched only on the replica's event loop.
    private Context context;
    private HttpServer server;

    Replica(Vertx vertx, int index, ReplicaConfig config, String host, int requestedPort) {
        this.vertx = vertx;
        this.index = index;
        this.config = config;
        this.host = host;
        this.requestedPort = requestedPort;
        this.faults = config.faults();
    }

    public int index() {
        return index;
    }

    public String name() {
        return config.name();
    }

    public ReplicaConfig config() {
        return config;
    }

    /** The bound port (the actual one when the configuration asked for a random port). */
    public int port() {
        return port;
    }

    public String url() {
        return "http://" + host + ":" + port;
    }

    public Faults faults() {
        return faults;
    }

    /** Replaces the fault probabilities; requests arriving from now on use them. */
    public void setFaults(Faults newFaults) {
        this.faults = Objects.requireNonNull(newFaults, "faults");
    }

    public boolean isDown() {
        return down;
    }

    public ReplicaStats snapshot() {
        return engine.snapshot(down);
    }

    /**
     * Takes the replica down (stops listening, so connections are refused, and cuts every queued
     * and running request) or brings it back on the same port. Blocks until done; from an event
     * loop thread use {@link #setDownAsync}.
     */
    public void setDown(boolean goDown) {
        await(setDownAsync(goDown));
    }

    public Future<Void> setDownAsync(boolean goDown) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> changeDown(goDown).onComplete(done));
        return done.future();
    }

    private Future<Void> changeDown(boolean goDown) {
        if (goDown == down) {
            return Future.succeededFuture();
        }
        if (goDown) {
            down = true;
            engine.failAll();
            HttpServer closing = server;
            server = null;
            return closing.close();
        }
        return listen(port).onSuccess(v -> down = false);
    }

    Future<String> deploy() {
        return vertx.deployVerticle(new Host()).onSuccess(id -> deploymentId = id);
    }

    Future<Void> undeploy() {
        String id = deploymentId;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    private Future<Void> listen(int onPort) {
        HttpServerOptions options =
                new HttpServerOptions().setHttp2ClearTextEnabled(false).setReuseAddress(true);
        HttpServer created =
                vertx.createHttpServer(options).requestHandler(new ReplicaRoutes(this, engine));
        return created.listen(onPort, host)
                .map(
                        s -> {
                            server = s;
                            port = s.actualPort();
                            return null;
                        });
    }

    /**
     * Blocks for a Vert.x future from a non-event-loop thread. {@link Future#await} rethrows a
     * checked failure (a {@code BindException}) undeclared; it comes out wrapped here.
     */
    static <T> T await(Future<T> future) {
        try {
            return future.await(CONTROL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + CONTROL_TIMEOUT_S + " s", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The verticle gives the replica its own event-loop context: one thread owns its state. */
    private final class Host extends VerticleBase {
        @Override
        public Future<?> start() {
            Replica.this.context = context;
            engine = new BatchEngine(vertx, config);
            return listen(requestedPort);
        }

        @Override
        public Future<?> stop() {
            HttpServer closing = server;
            server = null;
            if (engine != null) {
                engine.failAll();
            }
            return closing == null ? Future.succeededFuture() : closing.close();
        }
    }
}
