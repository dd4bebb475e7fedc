package io.inferscope.jobs.gpu;

import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Labels;

/** Named times and GPU record builders shared by the gpu-metrics tests. */
final class GpuFixtures {
    /** A multiple of 10 s. */
    static final long T0 = 1_700_000_100_000L;

    static final long GB = 1_000_000_000L;
    static final Labels LLAMA_N1 = new Labels("c1", "serving", "llama", null, "llama-a", "n1");
    static final Labels BARE_N1 = new Labels("c1", null, null, null, null, "n1");
    static final Labels LLAMA_N2 = new Labels("c1", "serving", "llama", null, "llama-b", "n2");

    private GpuFixtures() {}

    static GpuRecord sample(
            String uuid,
            long ts,
            Labels labels,
            Double util,
            Long usedBytes,
            Double tempC,
            Double powerW) {
        return new GpuRecord(
                GpuRecord.Type.SAMPLE,
                ts,
                uuid,
                0,
                "H100",
                labels,
                null,
                util,
                null,
                80 * GB,
                usedBytes,
                usedBytes == null ? null : 80 * GB - usedBytes,
                tempC,
                powerW,
                700.0,
                1_980,
                null);
    }

    static GpuRecord util(String uuid, long ts, Labels labels, double util) {
        return sample(uuid, ts, labels, util, null, null, null);
    }

    static GpuRecord xid(String uuid, long ts, Labels labels, int xid) {
        return new GpuRecord(
                GpuRecord.Type.XID,
                ts,
                uuid,
                0,
                "H100",
                labels,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                xid);
    }
}
