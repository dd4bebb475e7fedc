package io.inferscope.local;

import io.inferscope.schemas.ClusterMetrics;
import io.inferscope.schemas.GpuMetrics;
import io.inferscope.schemas.Quantiles;
import java.util.Locale;

/** The GPU and cluster rows of the demo's live summary, one line each. */
final class SummaryRows {
    static final String GPU_HEADER =
            String.format(
                    Locale.ROOT,
                    "  %-44s %13s %8s %6s %7s",
                    "gpu",
                    "util mean/max",
                    "mem max",
                    "temp",
                    "power");

    private SummaryRows() {}

    /** Per GPU: utilization mean and max, the highest memory used ratio, temperature, power. */
    static String gpu(GpuMetrics m) {
        String who = m.labels().replica() != null ? m.labels().replica() : m.gpuUuid();
        String where = m.labels().node() == null ? "" : " (" + m.labels().node() + ")";
        return String.format(
                Locale.ROOT,
                "    %-42s %13s %8s %6s %7s",
                truncate(Fmt.or(who) + where, 42),
                Fmt.pct(m.utilizationMean()) + "/" + Fmt.pct(m.utilizationMax()),
                Fmt.ratioPct(m.memoryUsedRatioMax()),
                m.temperatureMaxC() == null
                        ? Fmt.NONE
                        : String.format(Locale.ROOT, "%.0f°C", m.temperatureMaxC()),
                m.powerMeanW() == null
                        ? Fmt.NONE
                        : String.format(Locale.ROOT, "%.0f W", m.powerMeanW()));
    }

    /**
     * Per deployment: ready/desired replicas, HPA current→desired, restarts in the window, pods
     * waiting by reason, scheduling delay p99 and Warning events by reason — the parts that are
     * present.
     */
    static String cluster(ClusterMetrics m) {
        StringBuilder b = new StringBuilder("  cluster ");
        b.append(Fmt.nsName(m.labels().namespace(), m.labels().deployment()));
        b.append("  ready ")
                .append(Fmt.or(m.replicasReady()))
                .append('/')
                .append(Fmt.or(m.replicasDesired()));
        if (m.hpaCurrent() != null || m.hpaDesired() != null) {
            b.append("  hpa ")
                    .append(Fmt.or(m.hpaCurrent()))
                    .append("→")
                    .append(Fmt.or(m.hpaDesired()));
        }
        b.append("  restarts ").append(m.restarts());
        if (!m.podsByWaitingReason().isEmpty()) {
            b.append("  waiting ").append(Fmt.counts(m.podsByWaitingReason()));
        }
        if (m.podsByPhase().containsKey("Pending")) {
            b.append("  pending ").append(m.podsByPhase().get("Pending"));
        }
        Quantiles sched = m.schedulingDelayMs();
        if (sched != null && sched.count() > 0) {
            b.append("  sched p99 ").append(Fmt.q(sched, Quantiles::p99));
        }
        if (!m.warningEvents().isEmpty()) {
            b.append("  warnings ").append(Fmt.counts(m.warningEvents()));
        }
        return b.toString();
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
