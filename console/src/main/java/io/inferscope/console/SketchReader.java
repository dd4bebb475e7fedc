package io.inferscope.console;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.util.Base64;

/**
 * Reads the {@code sketch} of a {@code Quantiles} (base64 of DDSketch's protobuf form, as the
 * stream jobs write it: 1 % relative accuracy, logarithmic mapping, dense store collapsing its
 * lowest bins beyond 2048) into a {@link DDSketch} that merges exactly with others of its kind.
 *
 * <p>Decode only: sketches-java can write this form without protobuf-java but reads it only through
 * protobuf-java, so this is a small bounds-checked reader of the three messages (DDSketch {mapping
 * = 1, positive = 2, negative = 3, zero_count = 4}, IndexMapping {gamma = 1, index_offset = 2,
 * interpolation = 3}, Store {bin_counts = 1 map&lt;sint32,double&gt;, contiguous_bin_counts = 2,
 * contiguous_bin_index_offset = 3}). A sketch with another mapping is refused, because merging it
 * would silently mix bin boundaries.
 */
public final class SketchReader {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final int MAX_BINS = 2048;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);

    private SketchReader() {}

    /** An empty sketch of the kind the jobs write. */
    public static DDSketch empty() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /**
     * @throws IllegalArgumentException on bad base64, malformed bytes or another index mapping
     */
    public static DDSketch fromBase64(String base64) {
        return read(Base64.getDecoder().decode(base64));
    }

    public static DDSketch read(byte[] bytes) {
        DDSketch sketch = empty();
        ProtoInput in = new ProtoInput(bytes, 0, bytes.length);
        boolean mapping = false;
        double zeros = 0;
        while (in.more()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    checkMapping(in.message());
                    mapping = true;
                }
                case 2 -> readStore(in.message(), sketch.getPositiveValueStore());
                case 3 -> readStore(in.message(), sketch.getNegativeValueStore());
                case 4 -> zeros = in.doubleField(tag);
                default -> in.skip(tag);
            }
        }
        if (!mapping) {
            throw new IllegalArgumentException("sketch without an index mapping");
        }
        if (zeros > 0) {
            sketch.accept(0.0, zeros);
        }
        return sketch;
    }

    private static void checkMapping(ProtoInput in) {
        double gamma = 0;
        double offset = 0;
        long interpolation = 0;
        while (in.more()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> gamma = in.doubleField(tag);
                case 2 -> offset = in.doubleField(tag);
                case 3 -> interpolation = in.varint();
                default -> in.skip(tag);
            }
        }
        if (Math.abs(gamma - GAMMA) > 1e-9 || offset != 0 || interpolation != 0) {
            throw new IllegalArgumentException(
                    "unsupported sketch mapping (gamma " + gamma + ", offset " + offset + ")");
        }
    }

    private static void readStore(ProtoInput in, Store store) {
        java.util.List<Double> contiguous = new java.util.ArrayList<>();
        int first = 0;
        while (in.more()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoInput entry = in.message();
                    int index = 0;
                    double count = 0;
                    while (entry.more()) {
                        int t = entry.tag();
                        switch (t >>> 3) {
                            case 1 -> index = ProtoInput.unZigZag(entry.varint());
                            case 2 -> count = entry.doubleField(t);
                            default -> entry.skip(t);
                        }
                    }
                    add(store, index, count);
                }
                case 2 -> {
                    if ((tag & 7) == 2) {
                        ProtoInput packed = in.message();
                        while (packed.more()) {
                            contiguous.add(packed.fixed64Double());
                        }
                    } else {
                        contiguous.add(in.doubleField(tag));
                    }
                }
                case 3 -> first = ProtoInput.unZigZag(in.varint());
                default -> in.skip(tag);
            }
        }
        for (int i = 0; i < contiguous.size(); i++) {
            add(store, first + i, contiguous.get(i));
        }
    }

    private static void add(Store store, int index, double count) {
        if (!(count >= 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("sketch bin with count " + count);
        }
        if (count > 0) {
            store.add(index, count);
        }
    }
}
