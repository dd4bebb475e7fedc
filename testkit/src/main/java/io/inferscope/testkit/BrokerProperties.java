package io.inferscope.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of the single-node KRaft broker: one process that is broker and controller, a
 * static one-voter quorum, plaintext on loopback.
 */
final class BrokerProperties {
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {}

    static Properties of(int port, int controllerPort, Path logDir, Map<String, String> extra) {
        Properties p = new Properties();
        String host = Ports.HOST;
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                "PLAINTEXT://"
                        + host
                        + ":"
                        + port
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        // One node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        // Fewer internal partitions: the group and transaction coordinators load every partition
        // when the first group or transactional producer shows up, which costs start time.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        // Consumers join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The production default (15 min), stated: an exactly-once sink asking for more must fail
        // here just as it would against a real cluster.
        p.put("transaction.max.timeout.ms", "900000");
        // The topic catalog is explicit: a misspelt topic name must fail, not appear silently.
        p.put("auto.create.topics.enable", "false");
        // The log cleaner allocates its dedupe buffer on the heap (128 MB by default); only the
        // small compacted internal topics use it here.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        // Two cores are enough for a local broker; default thread pools are sized for servers.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");

        p.putAll(extra);
        return p;
    }
}
