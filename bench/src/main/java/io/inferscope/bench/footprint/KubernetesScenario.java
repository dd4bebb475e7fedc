package io.inferscope.bench.footprint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code collect kubernetes} against fabric8's mock API server holding a {@link SyntheticCluster}:
 * the initial list (start until every object has been published and acknowledged by Kafka) as one
 * window, one flag set after the other, then, with {@code --trickle} pod restarts a second, a
 * settle period and the steady window. Usage polling is off: the mock has no metrics-server.
 */
final class KubernetesScenario {
    private static final long INITIAL_TIMEOUT_MS = 180_000;

    private final CollectorFootprintBench bench;
    private final String bootstrap;

    private final MockApiServer api;
    private final double fillSeconds;

    /** {@code api} already filled, in {@code fillSeconds}. */
    KubernetesScenario(
            CollectorFootprintBench bench,
            String bootstrap,
            MockApiServer api,
            double fillSeconds) {
        this.bench = bench;
        this.bootstrap = bootstrap;
        this.api = api;
        this.fillSeconds = fillSeconds;
    }

    void run() throws Exception {
        FootprintOptions o = bench.options();
        System.out.printf(
                "kubernetes: mock API server holds %d pods, %d deployments (+ replicasets),"
                        + " %d events (filled in %.1f s)%n",
                api.pods(), api.deployments(), api.events(), fillSeconds);
        bench.report()
                .note(
                        String.format(
                                "kubernetes: %d pods, %d deployments and as many"
                                        + " replicasets, %d events in %d namespaces;"
                                        + " steady state with %d pod status updates/s.",
                                api.pods(),
                                api.deployments(),
                                api.events(),
                                SyntheticCluster.NAMESPACES,
                                o.trickle()));
        Path kubeconfig = api.writeKubeconfig(bench.work());
        List<String> args =
                List.of(
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--cluster",
                        "bench",
                        "--usage-interval",
                        "0",
                        "--bootstrap",
                        bootstrap);
        long expected = api.pods() + api.deployments() + api.events();
        List<CollectorProcess> procs = new ArrayList<>();
        List<ProcSampler> samplers = new ArrayList<>();
        try {
            // One initial list at a time: side by side on two busy cores, a collector's list
            // requests can time out, and each list's window would include the others' load.
            for (String flagSet : o.flags()) {
                CollectorProcess p = bench.start("kubernetes", o.k8sHeap(), flagSet, args);
                procs.add(p);
                ProcSampler sampler = new ProcSampler(p.pid());
                samplers.add(sampler);
                awaitInitial(List.of(p), List.of(sampler), expected);
            }
            api.startTrickle(o.trickle());
            Thread.sleep(o.settleS() * 1000L);
            int[] from = new int[procs.size()];
            long[] sent = new long[procs.size()];
            for (int i = 0; i < procs.size(); i++) {
                procs.get(i).requireAlive();
                from[i] = samplers.get(i).mark();
                sent[i] = procs.get(i).recordsSent();
            }
            Thread.sleep(o.measureS() * 1000L);
            for (int i = 0; i < procs.size(); i++) {
                CollectorProcess p = procs.get(i);
                p.requireAlive();
                int to = samplers.get(i).mark();
                long sentNow = p.recordsSent();
                Footprint f = samplers.get(i).window(from[i], to);
                bench.record(
                        "kubernetes",
                        p,
                        "steady, " + o.trickle() + " pod updates/s",
                        true,
                        f,
                        (sentNow - sent[i]) / f.seconds());
            }
            api.stopTrickle();
            if (api.updateErrors() > 0) {
                bench.report().note("kubernetes: " + api.updateErrors() + " pod updates failed");
            }
        } finally {
            samplers.forEach(ProcSampler::close);
            for (CollectorProcess p : procs) {
                p.close();
            }
        }
    }

    /** Waits until each collector has had every initial object acknowledged; records the window. */
    private void awaitInitial(
            List<CollectorProcess> procs, List<ProcSampler> samplers, long expected)
            throws InterruptedException {
        boolean[] done = new boolean[procs.size()];
        int remaining = procs.size();
        long deadline = System.currentTimeMillis() + INITIAL_TIMEOUT_MS;
        while (remaining > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "initial list not published within " + INITIAL_TIMEOUT_MS + " ms");
            }
            Thread.sleep(250);
            for (int i = 0; i < procs.size(); i++) {
                CollectorProcess p = procs.get(i);
                if (done[i]) {
                    continue;
                }
                p.requireAlive();
                long sent = p.recordsSent();
                if (sent >= expected) {
                    int to = samplers.get(i).mark();
                    Footprint f = samplers.get(i).window(0, to);
                    bench.record(
                            "kubernetes",
                            p,
                            "initial list (start → all published)",
                            false,
                            f,
                            sent / f.seconds());
                    done[i] = true;
                    remaining--;
                }
            }
        }
    }
}
