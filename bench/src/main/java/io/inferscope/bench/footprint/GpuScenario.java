package io.inferscope.bench.footprint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code collect gpu} at 1 Hz over the fake NVML with {@code --gpus} GPUs: start, warm up, then one
 * measured window. The fake answers every call at once, so what is measured is the collector (JNA
 * calls, records, the Kafka producer, the self-metrics server), not a driver.
 */
final class GpuScenario {
    private final CollectorFootprintBench bench;
    private final String bootstrap;

    GpuScenario(CollectorFootprintBench bench, String bootstrap) {
        this.bench = bench;
        this.bootstrap = bootstrap;
    }

    void run() throws Exception {
        FootprintOptions o = bench.options();
        Path lib =
                FakeNvmlBuild.compile(
                        FakeNvmlBuild.source(bench.repoRoot()), o.gpus(), bench.work());
        List<String> args =
                List.of(
                        "--nvml-lib", lib.toString(),
                        "--interval", "1s",
                        "--node", "bench-node",
                        "--cluster", "bench",
                        "--bootstrap", bootstrap);
        System.out.printf(
                "gpu: %d fake GPUs, 1 Hz, warm-up %d s, measure %d s, flag sets %s%n",
                o.gpus(), o.warmupS(), o.measureS(), o.flags());
        List<CollectorProcess> procs = bench.startAll("gpu", o.gpuHeap(), args);
        List<ProcSampler> samplers = new ArrayList<>();
        try {
            for (CollectorProcess p : procs) {
                samplers.add(new ProcSampler(p.pid()));
            }
            Thread.sleep(o.warmupS() * 1000L);
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
                        "gpu",
                        p,
                        "steady, 1 Hz × " + o.gpus() + " GPUs",
                        true,
                        f,
                        (sentNow - sent[i]) / f.seconds());
            }
        } finally {
            samplers.forEach(ProcSampler::close);
            for (CollectorProcess p : procs) {
                p.close();
            }
        }
    }
}
