package io.inferscope.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated OpenAI-compatible model servers (vLLM-like), one HTTP server per replica on
 * loopback ports. Start it with {@link #start(FleetConfig)}, point clients at {@link
 * #replicaUrls()}, inject incidents through {@link #replica(int)}, close it when done.
 *
 * <p>Reads every option of {@link FleetConfig}, {@link ReplicaConfig}, {@link LatencyModel} and
 * {@link Faults}.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final FleetConfig config;
    private final List<Replica> replicas;

    private FleetSimulator(
            Vertx vertx, boolean ownsVertx, FleetConfig config, List<Replica> replicas) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.replicas = List.copyOf(replicas);
    }

    /** Starts the fleet on its own Vert.x instance; blocks until every replica listens. */
    public static FleetSimulator start(FleetConfig config) {
        Vertx vertx = Vertx.vertx(vertxOptions());
        try {
            return start(vertx, config, true);
        } catch (RuntimeException e) {
            Replica.await(vertx.close());
            throw e;
        }
    }

    /** Starts the fleet on a shared Vert.x instance, which {@link #close()} leaves running. */
    public static FleetSimulator start(Vertx vertx, FleetConfig config) {
        return start(vertx, config, false);
    }

    private static FleetSimulator start(Vertx vertx, FleetConfig config, boolean ownsVertx) {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < config.replicas().size(); i++) {
            Replica replica =
                    new Replica(
                            vertx, i, config.replicas().get(i), config.host(), config.portOf(i));
            try {
                Replica.await(replica.deploy());
            } catch (RuntimeException e) {
                replicas.forEach(r -> Replica.await(r.undeploy()));
                throw startFailure(config, i, e);
            }
            replicas.add(replica);
        }
        FleetSimulator fleet = new FleetSimulator(vertx, ownsVertx, config, replicas);
        LOG.debug("fleet started: {}", fleet.replicaUrls());
        return fleet;
    }

    /** Two event loops are plenty: a replica is timers and small writes, no blocking work. */
    static VertxOptions vertxOptions() {
        return new VertxOptions()
                .setEventLoopPoolSize(Math.min(4, Runtime.getRuntime().availableProcessors()))
                .setFileSystemOptions(
                        new FileSystemOptions()
                                .setFileCachingEnabled(false)
                                .setClassPathResolvingEnabled(false));
    }

    private static FleetStartException startFailure(FleetConfig config, int index, Throwable e) {
        int port = config.portOf(index);
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        boolean taken =
                cause instanceof BindException
                        || String.valueOf(cause.getMessage()).contains("Address already in use");
        String message =
                taken
                        ? "port " + port + " on " + config.host() + " is already in use"
                        : "replica " + index + " failed to start: " + cause.getMessage();
        return new FleetStartException(message, port, cause);
    }

    public FleetConfig config() {
        return config;
    }

    public int size() {
        return replicas.size();
    }

    public Replica replica(int index) {
        return replicas.get(index);
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** {@code http://127.0.0.1:PORT} per replica, in replica order. */
    public List<String> replicaUrls() {
        return replicas.stream().map(Replica::url).toList();
    }

    public List<ReplicaStats> snapshot() {
        return replicas.stream().map(Replica::snapshot).toList();
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        List<Future<Void>> stops = replicas.stream().map(Replica::undeploy).toList();
        try {
            Replica.await(Future.join(stops));
        } finally {
            if (ownsVertx) {
                Replica.await(vertx.close());
            }
        }
    }
}
