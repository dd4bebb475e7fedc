package io.inferscope.testkit;

import io.inferscope.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics idempotently (an existing topic is fine) and waits until they have leaders. */
final class TopicCreator {
    private TopicCreator() {}

    static List<NewTopic> fromCatalog(Collection<? extends TopicSpec<?>> specs) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec<?> spec : specs) {
            topics.add(
                    new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.config()));
        }
        return topics;
    }

    /** Opens a short-lived admin client on {@code bootstrap} and creates the topics. */
    static void create(String bootstrap, Collection<NewTopic> topics, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            create(admin, topics, timeout);
        }
    }

    /** Creates the topics not there yet and returns once every partition has a leader. */
    static void create(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, KafkaFuture<Void>> e :
                admin.createTopics(topics).values().entrySet()) {
            try {
                e.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topic " + e.getKey() + ": " + ex.getCause(), ex);
                }
            } catch (TimeoutException ex) {
                throw new IllegalStateException("timed out creating topic " + e.getKey(), ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topics", ex);
            }
        }
        awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), deadline);
    }

    // The controller acknowledges creation before the broker's metadata shows the partitions;
    // waiting here means the first produce or assign after start() never races with it.
    private static void awaitLeaders(Admin admin, List<String> names, long deadline) {
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(names)
                                .allTopicNames()
                                .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                boolean ready =
                        described.values().stream()
                                .flatMap(d -> d.partitions().stream())
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics: " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("topics without leaders: " + names, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for topics", e);
            }
            sleep(50, deadline, names);
        }
    }

    private static void sleep(long ms, long deadline, List<String> names) {
        if (remainingMs(deadline) <= ms) {
            throw new IllegalStateException("topics without leaders: " + names);
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for topics", e);
        }
    }

    private static long remainingMs(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
