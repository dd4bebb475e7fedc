package io.inferscope.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferscope.schemas.Quantiles;
import io.inferscope.schemas.sketch.QuantilesBuilder;
import io.inferscope.schemas.sketch.SketchFormatException;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DistributionTest {

    private static Distribution sample() {
        Distribution d = new Distribution();
        for (int i = 1; i <= 500; i++) {
            d.add(i * 0.9);
        }
        d.add(0.0);
        return d;
    }

    @Test
    void summaryIsTheContractBuildersSummary() {
        QuantilesBuilder b = new QuantilesBuilder();
        for (int i = 1; i <= 500; i++) {
            b.add(i * 0.9);
        }
        b.add(0.0);

        assertThat(sample().toQuantiles()).isEqualTo(b.build());
    }

    @Test
    void stateSerializerRestoresTheSameDistribution() throws IOException {
        Distribution d = sample();
        DistributionSerializer serializer = new DistributionSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(d, out);

        Distribution back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.toQuantiles()).isEqualTo(d.toQuantiles());
    }

    @Test
    void corruptStateIsRefusedWithAnIoException() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeLong(1);
        out.writeDouble(1);
        out.writeDouble(1);
        out.writeDouble(1);
        out.writeInt(2);
        out.write(new byte[] {(byte) 0xff, (byte) 0xff});

        assertThatThrownBy(
                        () ->
                                new DistributionSerializer()
                                        .deserialize(
                                                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot restore");
    }

    @Test
    void mergingASummaryWithABrokenSketchIsRefused() {
        Quantiles broken = new Quantiles(1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "AAAA");
        assertThatThrownBy(() -> new Distribution().merge(broken))
                .isInstanceOf(SketchFormatException.class);
    }
}
