package io.inferscope.schemas.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The codec of {@code Quantiles.sketch}, and the one kind of sketch InferScope writes: DDSketch
 * with 1 % relative accuracy, the logarithmic index mapping and a dense store that collapses its
 * lowest bins beyond {@link #MAX_BINS}. Two such sketches always merge exactly; 2048 bins at 1 %
 * cover values from 1 ns to many days in milliseconds before anything collapses, so a sketch stays
 * a few KB at most without losing accuracy where latencies live.
 *
 * <p>Wire form: base64 (RFC 4648, with padding) of the protobuf message {@code DDSketch} of
 * DDSketch's {@code ddsketch.proto}, as {@link DDSketch#serialize()} writes it (no protobuf runtime
 * needed). The library reads that form back only through protobuf-java, so {@link #fromBytes} is a
 * small reader of the three messages (DDSketch {mapping = 1, positive_values = 2, negative_values =
 * 3, zero_count = 4}, IndexMapping {gamma = 1, index_offset = 2, interpolation = 3}, Store
 * {bin_counts = 1 map&lt;sint32, double&gt;, contiguous_bin_counts = 2, contiguous_bin_index_offset
 * = 3}) that refuses a sketch with another mapping. No options.
 */
public final class QuantileSketches {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final int MAX_BINS = 2048;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);

    private QuantileSketches() {}

    /** An empty sketch of the project's one configuration. */
    public static DDSketch newSketch() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /** The protobuf bytes of {@code sketch}. */
    public static byte[] toBytes(DDSketch sketch) {
        ByteBuffer buffer = sketch.serialize();
        // serialize() may hand back a buffer already written to its end but not flipped.
        if (buffer.position() > 0 && !buffer.hasRemaining()) {
            buffer.flip();
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /** The value of {@code Quantiles.sketch}: base64 of {@link #toBytes}. */
    public static String encode(DDSketch sketch) {
        return Base64.getEncoder().encodeToString(toBytes(sketch));
    }

    /**
     * Reads a {@code Quantiles.sketch} value into a sketch that merges exactly with {@link
     * #newSketch()}.
     *
     * @throws SketchFormatException on bad base64, malformed bytes or another index mapping
     */
    public static DDSketch decode(String base64) {
        if (base64 == null) {
            throw new SketchFormatException("invalid sketch: null");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SketchFormatException("invalid sketch: bad base64: " + e.getMessage(), e);
        }
        return fromBytes(bytes);
    }

    /**
     * Reads bytes written by {@link #toBytes}.
     *
     * @throws SketchFormatException if the bytes are malformed or use another index mapping
     */
    public static DDSketch fromBytes(byte[] bytes) {
        DDSketch sketch = newSketch();
        ProtoReader in = new ProtoReader(bytes, 0, bytes.length);
        boolean mappingSeen = false;
        double zeroCount = 0;
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    checkMapping(in.message());
                    mappingSeen = true;
                }
                case 2 -> readStore(in.message(), sketch.getPositiveValueStore());
                case 3 -> readStore(in.message(), sketch.getNegativeValueStore());
                case 4 -> zeroCount = in.doubleField(tag);
                default -> in.skip(tag);
            }
        }
        if (!mappingSeen) {
            throw new SketchFormatException("invalid sketch: no index mapping");
        }
        if (zeroCount > 0) {
            sketch.accept(0.0, zeroCount);
        }
        return sketch;
    }

    private static void checkMapping(ProtoReader in) {
        double gamma = 0;
        double indexOffset = 0;
        long interpolation = 0;
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> gamma = in.doubleField(tag);
                case 2 -> indexOffset = in.doubleField(tag);
                case 3 -> interpolation = in.varint();
                default -> in.skip(tag);
            }
        }
        if (Math.abs(gamma - GAMMA) > 1e-9 || Math.abs(indexOffset) > 1e-9 || interpolation != 0) {
            throw new SketchFormatException(
                    "unsupported sketch mapping: gamma "
                            + gamma
                            + ", offset "
                            + indexOffset
                            + ", interpolation "
                            + interpolation);
        }
    }

    private static void readStore(ProtoReader in, Store store) {
        List<Double> contiguous = new ArrayList<>();
        int offset = 0;
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader entry = in.message();
                    int index = 0;
                    double count = 0;
                    while (entry.hasMore()) {
                        int t = entry.tag();
                        switch (t >>> 3) {
                            case 1 -> index = entry.sint32();
                            case 2 -> count = entry.doubleField(t);
                            default -> entry.skip(t);
                        }
                    }
                    add(store, index, count);
                }
                case 2 -> {
                    // Packed (wire type 2) as the library writes it; unpacked is also valid proto3.
                    if ((tag & 7) == 2) {
                        ProtoReader packed = in.message();
                        while (packed.hasMore()) {
                            contiguous.add(packed.rawDouble());
                        }
                    } else {
                        contiguous.add(in.doubleField(tag));
                    }
                }
                case 3 -> offset = in.sint32();
                default -> in.skip(tag);
            }
        }
        for (int i = 0; i < contiguous.size(); i++) {
            add(store, offset + i, contiguous.get(i));
        }
    }

    private static void add(Store store, int index, double count) {
        if (!(count >= 0) || Double.isInfinite(count)) {
            throw new SketchFormatException("invalid sketch: bin count " + count);
        }
        if (count > 0) {
            store.add(index, count);
        }
    }
}
