package io.inferscope.jobs.common;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one kind of quantile sketch InferScope writes: DDSketch with 1 % relative accuracy, the
 * logarithmic index mapping and a dense store that collapses its lowest bins beyond {@link
 * #MAX_BINS}. Two such sketches always merge exactly; 2048 bins at 1 % cover values from 1 ns to
 * many days in milliseconds before anything collapses, so the size stays bounded (a few KB at most)
 * without losing accuracy where latencies live.
 *
 * <p>Serialized form: the library's protobuf-compatible encoding ({@link DDSketch#serialize()}, no
 * protobuf runtime needed), base64 in derived records. The library has no reader for that form
 * without protobuf-java, so {@link #fromBytes} is a small reader of the three DDSketch messages
 * (DDSketch, IndexMapping, Store) that refuses sketches with another mapping.
 */
public final class Sketches {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final int MAX_BINS = 2048;

    /**
     * Samples above this (1e9 ms, 11.6 days) enter the sketch at this value: a garbage duration of
     * 1e300 would otherwise make the sketch throw (beyond its range) or collapse every real latency
     * into its lowest bin. Exact max and mean still see the real value.
     */
    public static final double MAX_SKETCH_VALUE = 1e9;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);

    private Sketches() {}

    public static DDSketch create() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /** Merges {@code from} into {@code into} (both must come from {@link #create()}). */
    public static DDSketch merge(DDSketch into, DDSketch from) {
        into.mergeWith(from);
        return into;
    }

    public static byte[] toBytes(DDSketch sketch) {
        ByteBuffer buffer = sketch.serialize();
        if (buffer.position() > 0 && !buffer.hasRemaining()) {
            buffer.flip();
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    public static String toBase64(DDSketch sketch) {
        return Base64.getEncoder().encodeToString(toBytes(sketch));
    }

    /**
     * Reads a sketch written by {@link #toBytes}.
     *
     * @throws IllegalArgumentException if the bytes are malformed or use another index mapping
     */
    public static DDSketch fromBytes(byte[] bytes) {
        DDSketch sketch = create();
        Proto in = new Proto(bytes, 0, bytes.length);
        boolean mappingSeen = false;
        double zeroCount = 0;
        while (in.hasMore()) {
            int tag = in.varint32();
            switch (tag >>> 3) {
                case 1 -> {
                    checkMapping(in.message());
                    mappingSeen = true;
                }
                case 2 -> readStore(in.message(), sketch.getPositiveValueStore());
                case 3 -> readStore(in.message(), sketch.getNegativeValueStore());
                case 4 -> zeroCount = in.fixedDouble(tag);
                default -> in.skip(tag);
            }
        }
        if (!mappingSeen) {
            throw new IllegalArgumentException("invalid sketch: no index mapping");
        }
        if (zeroCount > 0) {
            sketch.accept(0.0, zeroCount);
        }
        return sketch;
    }

    public static DDSketch fromBase64(String base64) {
        return fromBytes(Base64.getDecoder().decode(base64));
    }

    private static void checkMapping(Proto in) {
        double gamma = 0;
        double indexOffset = 0;
        long interpolation = 0;
        while (in.hasMore()) {
            int tag = in.varint32();
            switch (tag >>> 3) {
                case 1 -> gamma = in.fixedDouble(tag);
                case 2 -> indexOffset = in.fixedDouble(tag);
                case 3 -> interpolation = in.varint();
                default -> in.skip(tag);
            }
        }
        if (Math.abs(gamma - GAMMA) > 1e-9 || Math.abs(indexOffset) > 1e-9 || interpolation != 0) {
            throw new IllegalArgumentException(
                    "unsupported sketch mapping: gamma "
                            + gamma
                            + ", offset "
                            + indexOffset
                            + ", interpolation "
                            + interpolation);
        }
    }

    private static void readStore(Proto in, Store store) {
        List<Double> contiguous = new ArrayList<>();
        int offset = 0;
        while (in.hasMore()) {
            int tag = in.varint32();
            switch (tag >>> 3) {
                case 1 -> {
                    Proto entry = in.message();
                    int index = 0;
                    double count = 0;
                    while (entry.hasMore()) {
                        int t = entry.varint32();
                        switch (t >>> 3) {
                            case 1 -> index = zigZag(entry.varint());
                            case 2 -> count = entry.fixedDouble(t);
                            default -> entry.skip(t);
                        }
                    }
                    add(store, index, count);
                }
                case 2 -> {
                    if ((tag & 7) == 2) {
                        Proto packed = in.message();
                        while (packed.hasMore()) {
                            contiguous.add(packed.rawDouble());
                        }
                    } else {
                        contiguous.add(in.fixedDouble(tag));
                    }
                }
                case 3 -> offset = zigZag(in.varint());
                default -> in.skip(tag);
            }
        }
        for (int i = 0; i < contiguous.size(); i++) {
            add(store, offset + i, contiguous.get(i));
        }
    }

    private static void add(Store store, int index, double count) {
        if (!(count >= 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("invalid sketch: bin count " + count);
        }
        if (count > 0) {
            store.add(index, count);
        }
    }

    private static int zigZag(long n) {
        int v = (int) n;
        return (v >>> 1) ^ -(v & 1);
    }

    /** A bounds-checked reader of protobuf wire format: varints, fixed64 and length-delimited. */
    private static final class Proto {
        private final byte[] buf;
        private int pos;
        private final int end;

        Proto(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("invalid sketch: truncated varint");
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("invalid sketch: varint too long");
        }

        int varint32() {
            return (int) varint();
        }

        double rawDouble() {
            if (end - pos < 8) {
                throw new IllegalArgumentException("invalid sketch: truncated double");
            }
            long bits = 0;
            for (int i = 7; i >= 0; i--) {
                bits = (bits << 8) | (buf[pos + i] & 0xffL);
            }
            pos += 8;
            return Double.longBitsToDouble(bits);
        }

        double fixedDouble(int tag) {
            if ((tag & 7) != 1) {
                throw new IllegalArgumentException("invalid sketch: expected a double field");
            }
            return rawDouble();
        }

        Proto message() {
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IllegalArgumentException("invalid sketch: bad length " + length);
            }
            Proto sub = new Proto(buf, pos, pos + (int) length);
            pos += (int) length;
            return sub;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> rawDouble();
                case 2 -> message();
                case 5 -> {
                    if (end - pos < 4) {
                        throw new IllegalArgumentException("invalid sketch: truncated fixed32");
                    }
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("invalid sketch: wire type " + tag);
            }
        }
    }
}
