package io.inferscope.jobs.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.jobs.common.SerializerTypeInfo;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class CompactSerializersTest {
    private static final Labels LABELS =
            new Labels("c1", "ns", "vllm-llama", "meta-llama/Llama-3.1-8B", "r-0", "node-ü");

    @Test
    void factTypeIsTheHandWrittenSerializerNotAPojo() {
        TypeInformation<Fact> info = TypeInformation.of(Fact.class);
        assertThat(info).isInstanceOf(SerializerTypeInfo.class);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(FactSerializer.class);
        assertThat(
                        TypeInformation.of(RequestState.class)
                                .createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(RequestStateSerializer.class);
    }

    @Test
    void fullFactSurvivesARoundTrip() throws IOException {
        Fact f = Fact.at(1_700_000_000_123L, LABELS);
        f.arrivals = 1;
        f.inflightDelta = -1;
        f.finishes = 1;
        f.errorClass = "upstream_5xx";
        f.good = true;
        f.e2eMs = 812.5;
        f.ttftMs = 40.0;
        f.queueMs = 0.0;
        f.tpotMs = 12.25;
        f.promptTokens = 321;
        f.completionTokens = 77;
        f.itlMs = new double[] {10.5, 11.0};

        Fact back = roundTrip(new FactSerializer(), f);

        assertThat(back).usingRecursiveComparison().isEqualTo(f);
        assertThat(back.generationMs).isNull();
    }

    @Test
    void sparseFactKeepsItsNulls() throws IOException {
        Fact f = new Fact();
        f.ts = 5;

        Fact back = roundTrip(new FactSerializer(), f);

        assertThat(back).usingRecursiveComparison().isEqualTo(f);
        assertThat(back.itlMs).isNull();
        assertThat(back.deployment).isNull();
    }

    @Test
    void requestStateWithPendingTokensSurvivesARoundTrip() throws IOException {
        RequestState s = new RequestState();
        s.startTs = 100;
        s.endTs = 2_600;
        s.tokenRecords = 3;
        s.timer = 2_600;
        s.labels(LABELS);
        s.pendingTokens = Fact.at(2_600, LABELS);
        s.pendingTokens.promptTokens = 12;
        s.pendingTokens.completionTokens = 34;

        RequestStateSerializer serializer = new RequestStateSerializer();
        RequestState back = roundTrip(serializer, s);

        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(serializer.copy(s)).usingRecursiveComparison().isEqualTo(s);
        assertThat(serializer.copy(s).pendingTokens).isNotSameAs(s.pendingTokens);
    }

    @Test
    void bytesCopiedWithoutDecodingReadBackTheSame() throws IOException {
        RequestState s = new RequestState();
        s.startTs = 7;
        s.lost = true;
        s.labels(LABELS);
        RequestStateSerializer serializer = new RequestStateSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(s, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);

        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);

        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .usingRecursiveComparison()
                .isEqualTo(s);
    }

    @Test
    void partialWindowCrossesTheShuffleAsAPojoWithItsSketchesAndDeltas() throws IOException {
        TypeSerializer<PartialWindow> serializer =
                TypeInformation.of(PartialWindow.class)
                        .createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        PartialWindow p = new PartialWindow(GroupKey.of(Scope.REPLICA, LABELS), 1_700_000_000_000L);
        Fact finish = Fact.at(1_700_000_000_900L, LABELS);
        finish.finishes = 1;
        finish.inflightDelta = -1;
        finish.errorClass = "timeout";
        finish.e2eMs = 812.5;
        p.add(finish);
        PartialWindow quiet = new PartialWindow(p.group, p.windowStart);

        PartialWindow back = roundTrip(serializer, p);
        PartialWindow quietBack = roundTrip(serializer, quiet);

        assertThat(back.group).isEqualTo(p.group);
        assertThat(back.windowStart).isEqualTo(p.windowStart);
        assertThat(back.acc.errorsByClassMap()).isEqualTo(java.util.Map.of("timeout", 1L));
        assertThat(back.acc.e2e.toQuantiles()).isEqualTo(p.acc.e2e.toQuantiles());
        assertThat(back.deltas.sweep(1, p.windowStart, p.windowStart + 10_000).end()).isZero();
        assertThat(quietBack.deltas).isNull();
    }

    @Test
    void stateBoundForACheckpointStreamIsHandedOverInOneWrite() throws IOException {
        RequestState s = new RequestState();
        s.startTs = 100;
        s.timer = 600_100;
        s.labels(LABELS);
        s.pendingTokens = Fact.at(2_600, LABELS);
        CountingStream stream = new CountingStream();

        new RequestStateSerializer().serialize(s, new DataOutputViewStreamWrapper(stream));
        new StringKeySerializer().serialize("req-1", new DataOutputViewStreamWrapper(stream));

        assertThat(stream.writes).isEqualTo(2);
        DataInputDeserializer in = new DataInputDeserializer(stream.toByteArray());
        assertThat(new RequestStateSerializer().deserialize(in))
                .usingRecursiveComparison()
                .isEqualTo(s);
        assertThat(new StringKeySerializer().deserialize(in)).isEqualTo("req-1");
    }

    @Test
    void stringKeySurvivesARoundTripAndAByteCopy() throws IOException {
        StringKeySerializer serializer = new StringKeySerializer();
        String key = GroupKey.of(Scope.REPLICA, LABELS);
        assertThat(roundTrip(serializer, key)).isEqualTo(key);
        assertThat(roundTrip(serializer, "")).isEmpty();

        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(key, out);
        DataOutputSerializer copied = new DataOutputSerializer(16);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(key);
    }

    @Test
    void inflightDeltasSurviveARoundTripAndACopy() throws IOException {
        InflightDeltas d = new InflightDeltas();
        for (int i = 0; i < 40; i++) {
            d.add(i * 7L, i % 3 == 0 ? -1 : 1);
        }
        InflightDeltasSerializer serializer = new InflightDeltasSerializer();

        InflightDeltas back = roundTrip(serializer, d);
        InflightDeltas copy = serializer.copy(d);
        copy.add(999, 1);

        assertThat(back.sweep(5, 0, 1_000)).isEqualTo(d.sweep(5, 0, 1_000));
        assertThat(back.size).isEqualTo(40);
        assertThat(d.size).isEqualTo(40);
    }

    /** Counts the write calls that reach the stream (each is a lock on a checkpoint stream). */
    private static final class CountingStream extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }
}
