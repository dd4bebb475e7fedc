package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.ErrorClass;
import io.inferscope.schemas.Labels;
import io.inferscope.schemas.RequestEvent;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RequestEventSerializerTest {
    private final RequestEventSerializer serializer = new RequestEventSerializer();

    @Test
    void writesEveryComponentOfTheContractRecord() {
        // Fails when RequestEvent or Labels gain a field: extend the serializer with it.
        assertThat(RequestEvent.class.getRecordComponents()).hasSize(RequestEventSerializer.FIELDS);
        assertThat(Labels.class.getRecordComponents()).hasSize(6);
    }

    @Test
    void fullEndRecordSurvivesARoundTrip() throws IOException {
        RequestEvent e =
                new RequestEvent(
                        RequestEvent.Type.END,
                        "req-ü-1",
                        1_700_000_000_000L,
                        new Labels("c", "ns", "dep", "org/model", "r-1", "n-1"),
                        RequestEvent.Endpoint.values()[0],
                        true,
                        RequestEvent.Status.ERROR,
                        503,
                        ErrorClass.values()[1],
                        1.5,
                        20.0,
                        900.25,
                        870.0,
                        12.0,
                        100,
                        50,
                        false);

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void sparseStartRecordKeepsItsNulls() throws IOException {
        RequestEvent e =
                new RequestEvent(
                        RequestEvent.Type.START,
                        "req-2",
                        1_700_000_000_000L,
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
                        null,
                        null,
                        null,
                        null);

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void ingestedRequestsUseTheBinarySerializer() {
        PojoTypeInfo<?> info = (PojoTypeInfo<?>) Ingested.typeInfo(RequestEvent.class);
        TypeSerializer<?> record =
                info.getPojoFieldAt(info.getFieldIndex("record"))
                        .getTypeInformation()
                        .createSerializer(new SerializerConfigImpl());
        assertThat(record).isInstanceOf(RequestEventSerializer.class);
    }

    private RequestEvent roundTrip(RequestEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        RequestEvent back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }
}
