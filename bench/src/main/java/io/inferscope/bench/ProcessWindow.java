package io.inferscope.bench;

import io.inferscope.bench.ClosedLoopClient.Closed;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The measured window across the four processes: CPU of the client (this JVM), the simulator, the
 * broker and the gateway child from {@code /proc} (the client's from its own process CPU time), the
 * gateway child's split into its parts and its own TTFT histogram, asked for over its stdin.
 */
final class ProcessWindow implements ClosedLoopClient.Window {
    private final ChildProcess simulator;
    private final ChildProcess broker;
    private final ChildProcess gateway;
    private long openedNanos;
    private double clientAt;
    private double simulatorAt;
    private double brokerAt;
    private double gatewayAt;

    ProcessWindow(ChildProcess simulator, ChildProcess broker, ChildProcess gateway) {
        this.simulator = simulator;
        this.broker = broker;
        this.gateway = gateway;
    }

    @Override
    public void open() throws IOException {
        gateway.ask("open", "ok");
        openedNanos = System.nanoTime();
        clientAt = ownCpuSeconds();
        simulatorAt = simulator.cpuSeconds();
        brokerAt = broker.cpuSeconds();
        gatewayAt = gateway.cpuSeconds();
    }

    @Override
    public Closed close() throws IOException {
        double wall = (System.nanoTime() - openedNanos) / 1e9;
        double client = (ownCpuSeconds() - clientAt) / wall;
        double sim = (simulator.cpuSeconds() - simulatorAt) / wall;
        double kafka = (broker.cpuSeconds() - brokerAt) / wall;
        double gw = (gateway.cpuSeconds() - gatewayAt) / wall;
        String[] reply = gateway.ask("close", "closed").split(" ");
        Histogram ttft;
        try {
            ttft = BenchChild.decode(reply[0]);
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("cannot decode the gateway's histogram", e);
        }
        Map<String, Double> parts = BenchChild.decodeCores(reply[1]);
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put(PhaseResult.CLIENT, client);
        cores.put(PhaseResult.SIMULATOR, sim);
        cores.put(PhaseResult.GATEWAY_JVM, gw);
        cores.put(PhaseResult.GATEWAY_PART, parts.getOrDefault("gateway", Double.NaN));
        cores.put(PhaseResult.BROKER_PART, kafka);
        cores.put(PhaseResult.GATEWAY_OTHER, parts.getOrDefault(CpuMeter.OTHER, Double.NaN));
        cores.put(PhaseResult.JVM_TOTAL, client + sim + kafka + gw);
        return new Closed(ttft, cores);
    }

    private static double ownCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
