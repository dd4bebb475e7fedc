package io.inferscope.local;

import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.K8sRecord;
import io.inferscope.schemas.LogLine;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import java.util.List;

/** Table columns of the raw records: what an SRE looks for first in each. */
final class RawColumns {
    // Bounded columns first, so they line up; names that can be long (ids, pods, models) last.
    static final RecordTable<RequestEvent> REQUESTS =
            new RecordTable<RequestEvent>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("TYPE", 5, r -> r.type().wire())
                    .col("STATUS", 22, RawColumns::status)
                    .col("QUEUE", 7, r -> Fmt.ms(r.queueMs()))
                    .col("TTFT", 7, r -> Fmt.ms(r.ttftMs()))
                    .col("E2E", 7, r -> Fmt.ms(r.e2eMs()))
                    .col("TOK_IN/OUT", 10, RawColumns::tokens)
                    .col("REQUEST_ID", 28, RequestEvent::requestId)
                    .col("REPLICA", 34, r -> r.labels().replica())
                    .col("DEPLOYMENT/MODEL", 0, r -> Fmt.deploymentModel(r.labels()));

    static final RecordTable<TokenProgress> TOKENS =
            new RecordTable<TokenProgress>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("SEQ", 4, r -> String.valueOf(r.seq()))
                    .col("TOKENS", 6, r -> String.valueOf(r.completionTokens()))
                    .col("PROMPT", 6, r -> Fmt.or(r.promptTokens()))
                    .col("ITL_MEAN", 8, r -> Fmt.ms(mean(r.itlMs())))
                    .col("ITL_MAX", 7, r -> Fmt.ms(max(r.itlMs())))
                    .col("REQUEST_ID", 28, TokenProgress::requestId)
                    .col("DEPLOYMENT/MODEL", 0, r -> Fmt.deploymentModel(r.labels()));

    static final RecordTable<GpuRecord> GPU =
            new RecordTable<GpuRecord>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("TYPE", 6, r -> r.type().wire())
                    .col("UTIL", 4, r -> Fmt.pct(r.utilizationGpuPct()))
                    .col(
                            "MEM_GIB",
                            11,
                            r -> Fmt.gib(r.memoryUsedBytes()) + "/" + Fmt.gib(r.memoryTotalBytes()))
                    .col("TEMP_C", 6, r -> Fmt.num(r.temperatureC()))
                    .col("POWER_W", 7, r -> Fmt.num(r.powerW()))
                    .col("XID", 3, r -> Fmt.or(r.xid()))
                    .col("NODE", 18, r -> r.labels().node())
                    .col("GPU", 40, GpuRecord::gpuUuid)
                    .col(
                            "DEPLOYMENT",
                            0,
                            r -> Fmt.nsName(r.labels().namespace(), r.labels().deployment()));

    static final RecordTable<K8sRecord> K8S =
            new RecordTable<K8sRecord>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("KIND", 10, r -> r.kind().wire())
                    .col("ACTION", 7, r -> r.action().wire())
                    .col("OBJECT", 46, r -> Fmt.nsName(r.namespace(), r.name()))
                    .col("DETAIL", 0, RawColumns::k8sDetail);

    static final RecordTable<LogLine> LOGS =
            new RecordTable<LogLine>()
                    .col("TIME", 18, r -> Fmt.time(r.tsMs()))
                    .col("LEVEL", 7, r -> r.level().wire())
                    .col("REQUEST_ID", 28, LogLine::requestId)
                    .col("CONTAINER", 52, r -> container(r))
                    .col("MESSAGE", 0, r -> Fmt.oneLine(r.message(), 160));

    private RawColumns() {}

    private static String status(RequestEvent r) {
        if (r.status() == null) {
            return r.endpoint() == null ? Fmt.NONE : r.endpoint().wire();
        }
        StringBuilder sb = new StringBuilder(r.status().wire());
        if (r.errorClass() != null) {
            sb.append(' ').append(r.errorClass().wire());
        }
        if (r.httpStatus() != null) {
            sb.append(' ').append(r.httpStatus());
        }
        return sb.toString();
    }

    private static String tokens(RequestEvent r) {
        if (r.promptTokens() == null && r.completionTokens() == null) {
            return Fmt.NONE;
        }
        String s = Fmt.or(r.promptTokens()) + "/" + Fmt.or(r.completionTokens());
        return Boolean.TRUE.equals(r.tokensEstimated()) ? s + " (est)" : s;
    }

    private static String container(LogLine r) {
        return Fmt.or(r.labels().namespace())
                + "/"
                + Fmt.or(r.labels().replica())
                + "/"
                + Fmt.or(r.container());
    }

    private static String k8sDetail(K8sRecord r) {
        return switch (r.kind()) {
            case POD -> pod(r.pod());
            case DEPLOYMENT ->
                    String.format(
                            "ready %d/%d available=%d",
                            r.deployment().ready(),
                            r.deployment().desired(),
                            r.deployment().available());
            case HPA ->
                    String.format(
                            "current %d desired %d [%s..%d] -> %s",
                            r.hpa().current(),
                            r.hpa().desired(),
                            Fmt.or(r.hpa().min()),
                            r.hpa().max(),
                            Fmt.or(r.hpa().targetDeployment()));
            case QUOTA -> Fmt.usedOfHard(r.quota().used(), r.quota().hard());
            case EVENT -> event(r.event());
            case USAGE ->
                    String.format(
                            "%s/%s cpu=%s mem_gib=%s",
                            r.usage().pod(),
                            Fmt.or(r.usage().container()),
                            Fmt.num(r.usage().cpuCores()),
                            Fmt.gib(r.usage().memoryBytes()));
        };
    }

    private static String pod(K8sRecord.Pod p) {
        int restarts = p.containers().stream().mapToInt(K8sRecord.Container::restartCount).sum();
        StringBuilder sb = new StringBuilder(p.phase().wire());
        sb.append(Boolean.TRUE.equals(p.ready()) ? " ready" : " not-ready");
        sb.append(" restarts=").append(restarts);
        p.containers().stream()
                .map(K8sRecord.Container::waitingReason)
                .filter(w -> w != null)
                .findFirst()
                .ifPresent(w -> sb.append(" waiting=").append(w));
        if (p.node() != null) {
            sb.append(" node=").append(p.node());
        }
        return sb.toString();
    }

    private static String event(K8sRecord.Event e) {
        String count = e.count() == null ? "" : " x" + e.count();
        return e.type() + " " + e.reason() + count + ": " + Fmt.oneLine(e.message(), 120);
    }

    private static Double mean(List<Double> xs) {
        return xs.isEmpty()
                ? null
                : xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static Double max(List<Double> xs) {
        return xs.isEmpty() ? null : xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
