package io.inferscope.local.sim;

import io.inferscope.collector.core.RecordSink;
import io.inferscope.simulator.FleetConfig;
import io.inferscope.simulator.FleetSimulator;
import io.inferscope.simulator.Replica;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the simulated GPUs and cluster of the demo and plays its incidents on the {@link
 * ScenarioTimeline}, counted from {@link #start}: (1) the HPA scales up during the spike and the
 * new pod waits for a GPU node (FailedScheduling) before it runs; (2) one replica crash-loops — its
 * server really goes down, so the gateway sees connection errors — with restarts, BackOff events
 * and fewer ready replicas, then recovers; (3) GPU memory pressure on another replica; then the HPA
 * scales back down. Each incident prints {@code [incident] ...} lines.
 *
 * <p>The extra pod has no simulated server behind it (the demo gateway's replica list is fixed), so
 * once Ready it holds an idle GPU with the weights loaded and serves no traffic.
 *
 * <p>Everything runs on one scheduler thread: GPU samples and the cluster's resync/usage every
 * second, and the incident steps, so the cluster state needs no locking.
 */
public final class DemoScenario implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoScenario.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final FleetSimulator fleet;
    private final SimDeployment dep;
    private final SimulatedCluster cluster;
    private final SimulatedGpus gpus;
    private final ScenarioTimeline timeline;
    private final PrintWriter out;
    private final ScheduledExecutorService scheduler;
    private final String crashPod;
    private final String pressurePod;
    private final String extraPod;
    private final String extraNode;
    private final SimulatedLogs logs;
    private volatile boolean pressureOn;

    private DemoScenario(
            FleetSimulator fleet,
            RecordSink sink,
            SimDeployment dep,
            ScenarioTimeline timeline,
            PrintWriter out,
            SimulatedLogs logs) {
        this.fleet = fleet;
        this.logs = logs;
        this.dep = dep;
        this.timeline = timeline;
        this.out = out;
        int n = fleet.size();
        Map<String, String> podNodes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            podNodes.put(fleet.replica(i).name(), nodeOf(i));
        }
        this.gpus = new SimulatedGpus(sink, dep, System::currentTimeMillis);
        this.cluster =
                new SimulatedCluster(
                        sink, dep, podNodes, 2 * n, System::currentTimeMillis, this::busy);
        for (int i = 0; i < n; i++) {
            Replica r = fleet.replica(i);
            gpus.attach(r.name(), nodeOf(i), r::snapshot);
        }
        this.crashPod = fleet.replica(n > 1 ? 1 : 0).name();
        this.pressurePod = fleet.replica(n > 2 ? 2 : 0).name();
        this.extraPod = FleetConfig.NAME_PREFIX + n;
        this.extraNode = nodeOf(n);
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-demo-scenario");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Publishes the cluster's objects, starts sampling every second and, with {@code incidents},
     * schedules the incidents from now.
     */
    public static DemoScenario start(
            FleetSimulator fleet,
            RecordSink sink,
            SimDeployment dep,
            ScenarioTimeline timeline,
            boolean incidents,
            PrintWriter out) {
        return start(fleet, sink, dep, timeline, incidents, out, null);
    }

    /** As above, and writes the pods' container logs through {@code logs} (null: no logs). */
    public static DemoScenario start(
            FleetSimulator fleet,
            RecordSink sink,
            SimDeployment dep,
            ScenarioTimeline timeline,
            boolean incidents,
            PrintWriter out,
            SimulatedLogs logs) {
        DemoScenario s = new DemoScenario(fleet, sink, dep, timeline, out, logs);
        s.scheduler.execute(s.guard("start", s.cluster::start));
        s.scheduler.execute(s.guard("logs-start", s::logsStarted));
        s.scheduler.scheduleAtFixedRate(s.guard("sample", s::sampleAll), 0, 1, TimeUnit.SECONDS);
        if (incidents) {
            s.scheduleIncidents();
        }
        return s;
    }

    /** Node {@code i} of the simulated cluster, one GPU each; replica i runs on node i. */
    public static String nodeOf(int i) {
        return "node-" + i;
    }

    /** One line naming the incidents and when they happen, for the demo's banner. */
    public String plan() {
        return String.format(
                Locale.ROOT,
                "HPA scale-up at %s, %s crash-loops %s–%s, GPU memory pressure on %s %s–%s,"
                        + " scale-down at %s",
                secs(timeline.scaleUpAt()),
                crashPod,
                secs(timeline.crashAt()),
                secs(timeline.crashEndAt()),
                pressurePod,
                secs(timeline.pressureAt()),
                secs(timeline.pressureEndAt()),
                secs(timeline.scaleDownAt()));
    }

    private void scheduleIncidents() {
        ScenarioTimeline t = timeline;
        int nodes = fleet.size();
        at(
                t.scaleUpAt(),
                "scale-up",
                () -> {
                    cluster.scaleUp(extraPod, nodes);
                    incident(
                            "hpa scale-up %s %d→%d started: %s Pending (no node with a free GPU)",
                            dep.deployment(), cluster.desired() - 1, cluster.desired(), extraPod);
                });
        every(
                t.scaleUpAt(),
                t.eventRepeat(),
                t.scheduledAt(),
                "failed-scheduling",
                () -> cluster.failedScheduling(extraPod, nodes));
        at(
                t.scheduledAt(),
                "scheduled",
                () -> {
                    cluster.schedule(extraPod, extraNode);
                    incident(
                            "hpa scale-up: %s scheduled on %s after %s",
                            extraPod, extraNode, secs(t.unschedulableFor()));
                });
        at(
                t.runningAt(),
                "started",
                () -> {
                    cluster.containerStarted(extraPod);
                    logStarted(extraPod);
                    gpus.attach(extraPod, extraNode, SimulatedGpus.idle(extraPod, 8));
                });
        at(
                t.readyAt(),
                "ready",
                () -> {
                    cluster.ready(extraPod);
                    incident(
                            "hpa scale-up ended: %s Ready (no simulated server behind it: idle GPU)",
                            extraPod);
                });
        at(
                t.crashAt(),
                "crash",
                () -> {
                    replica(crashPod).setDownAsync(true);
                    logCrashing(crashPod);
                    cluster.crash(crashPod);
                    incident(
                            "crash-loop %s started: server down, container restarting every %s",
                            crashPod, secs(t.restartEvery()));
                });
        every(
                t.crashAt(),
                t.restartEvery(),
                t.crashEndAt(),
                "restart",
                () -> {
                    // The kubelet restarted the container; it loads, then dies again.
                    logStarted(crashPod);
                    logCrashing(crashPod);
                    cluster.crash(crashPod);
                });
        at(
                t.crashEndAt(),
                "recover",
                () -> {
                    replica(crashPod).setDownAsync(false);
                    cluster.recover(crashPod);
                    logStarted(crashPod);
                    incident(
                            "crash-loop %s ended: Ready again after %d restarts",
                            crashPod, cluster.pod(crashPod).restartCount());
                });
        at(
                t.pressureAt(),
                "pressure",
                () -> {
                    gpus.setMemoryPressure(pressurePod, true);
                    pressureOn = true;
                    incident(
                            "gpu-memory-pressure %s started: memory used → %.0f%%",
                            pressurePod, 100 * GpuSamples.PRESSURE_RATIO);
                });
        at(
                t.pressureEndAt(),
                "pressure-end",
                () -> {
                    gpus.setMemoryPressure(pressurePod, false);
                    pressureOn = false;
                    incident("gpu-memory-pressure %s ended", pressurePod);
                });
        at(
                t.scaleDownAt(),
                "scale-down",
                () -> {
                    cluster.scaleDown(extraPod);
                    gpus.detach(extraPod);
                    incident(
                            "hpa scale-down %s %d→%d: %s deleted",
                            dep.deployment(), cluster.desired() + 1, cluster.desired(), extraPod);
                });
    }

    private Replica replica(String name) {
        return fleet.replicas().stream().filter(r -> r.name().equals(name)).findFirst().get();
    }

    private double busy(String pod) {
        return fleet.replicas().stream()
                .filter(r -> r.name().equals(pod))
                .findFirst()
                .map(r -> r.snapshot())
                .map(s -> s.down() ? 0.0 : s.activeSlots() / (double) Math.max(1, s.slots()))
                .orElse(0.0);
    }

    private void sampleAll() {
        gpus.sample();
        cluster.tick();
        if (logs != null) {
            for (Replica r : fleet.replicas()) {
                logs.tick(cluster.pod(r.name()), r.snapshot());
            }
            if (pressureOn) {
                logs.pressure(cluster.pod(pressurePod));
            }
        }
    }

    private void logsStarted() {
        for (Replica r : fleet.replicas()) {
            logStarted(r.name());
        }
    }

    private void logStarted(String pod) {
        if (logs != null && cluster.pod(pod) != null) {
            logs.started(cluster.pod(pod));
        }
    }

    private void logCrashing(String pod) {
        if (logs != null && cluster.pod(pod) != null) {
            logs.crashing(cluster.pod(pod));
        }
    }

    private void at(Duration offset, String what, Runnable action) {
        scheduler.schedule(guard(what, action), offset.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code action} every {@code period} after {@code from}, strictly before {@code until}. */
    private void every(Duration from, Duration period, Duration until, String what, Runnable a) {
        for (Duration d = from.plus(period); d.compareTo(until) < 0; d = d.plus(period)) {
            at(d, what, a);
        }
    }

    private Runnable guard(String what, Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("demo scenario step {} failed", what, e);
            }
        };
    }

    private void incident(String format, Object... args) {
        String line =
                "[incident] "
                        + String.format(Locale.ROOT, format, args)
                        + " ("
                        + TIME.format(Instant.now())
                        + ")";
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static String secs(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0
                ? (ms / 1000) + " s"
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
