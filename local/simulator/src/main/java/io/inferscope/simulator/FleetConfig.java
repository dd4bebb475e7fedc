package io.inferscope.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A fleet of simulated replicas: where they listen and how each behaves.
 *
 * @param host address every replica binds (default {@code 127.0.0.1})
 * @param basePort port of replica 0, replica i listens on {@code basePort + i}; 0 = random ports
 * @param replicas one configuration per replica
 */
public record FleetConfig(String host, int basePort, List<ReplicaConfig> replicas) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String NAME_PREFIX = "llama-7b-";

    /** The slower replica's speed factor in {@link #of(int)}. */
    public static final double SLOW_REPLICA_FACTOR = 1.6;

    public FleetConfig {
        Objects.requireNonNull(host, "host");
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one replica");
        }
        if (basePort < 0 || basePort + replicas.size() - 1 > 65_535) {
            throw new IllegalArgumentException("ports out of range from " + basePort);
        }
    }

    /**
     * {@code count} default replicas named {@code llama-7b-0...} on random ports; with two or more,
     * the last one is slower ({@value #SLOW_REPLICA_FACTOR}×), like a replica on an older GPU.
     */
    public static FleetConfig of(int count) {
        FleetConfig uniform = uniform(count, ReplicaConfig.defaults(NAME_PREFIX + 0));
        return count < 2
                ? uniform
                : uniform.withReplica(count - 1, r -> r.withSpeedFactor(SLOW_REPLICA_FACTOR));
    }

    /** {@code count} copies of {@code template} named {@code llama-7b-i}, seeded apart. */
    public static FleetConfig uniform(int count, ReplicaConfig template) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        List<ReplicaConfig> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(template.withName(NAME_PREFIX + i).withSeed(template.seed() + 7919L * i));
        }
        return new FleetConfig(DEFAULT_HOST, 0, list);
    }

    public FleetConfig withBasePort(int port) {
        return new FleetConfig(host, port, replicas);
    }

    public FleetConfig withHost(String newHost) {
        return new FleetConfig(newHost, basePort, replicas);
    }

    public FleetConfig withReplica(int index, UnaryOperator<ReplicaConfig> change) {
        List<ReplicaConfig> list = new ArrayList<>(replicas);
        list.set(index, change.apply(list.get(index)));
        return new FleetConfig(host, basePort, list);
    }

    public FleetConfig withEachReplica(UnaryOperator<ReplicaConfig> change) {
        return new FleetConfig(host, basePort, replicas.stream().map(change).toList());
    }

    /** Port of replica {@code index}: 0 (random) when {@link #basePort()} is 0. */
    public int portOf(int index) {
        return basePort == 0 ? 0 : basePort + index;
    }
}
