package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.inferscope.schemas.Examples.Example;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The codec is total: for every topic's codec, any input either decodes to a record that re-encodes
 * and decodes back equal, or is refused with a {@link DecodeException} — never another exception.
 * Inputs: random bytes, random JSON-ish token soup, and golden examples mutated (a field dropped, a
 * value replaced by a random JSON value or number literal, bytes truncated or inserted). Each input
 * goes through every codec in {@link Topics#ALL}.
 *
 * <p>Each generator draws {@value #CASES} inputs from a {@link SplittableRandom} seeded from a
 * fixed base seed and the generator's name, so a run is the same every time and a failure
 * reproduces. Options (system properties): {@code inferscope.fuzz.seed} — the base seed (default
 * {@value #DEFAULT_SEED}); a failure prints the seed, the case number and the input in hex.
 */
class CodecFuzzTest {
    static final long DEFAULT_SEED = 0x1F5C0DEC;
    private static final long SEED = Long.getLong("inferscope.fuzz.seed", DEFAULT_SEED);
    private static final int CASES = 300;
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final List<Doc> DOCS = Examples.all().stream().map(Doc::of).toList();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final List<String> TOKENS =
            List.of(
                    "{",
                    "}",
                    "[",
                    "]",
                    ":",
                    ",",
                    "\"",
                    "null",
                    "true",
                    "false",
                    "-",
                    "0",
                    "1e400",
                    "-0.0",
                    "9223372036854775808",
                    "1.5",
                    "\"\\ud800\"",
                    "\"\\u0000\"",
                    " ",
                    "\n",
                    "\"type\"",
                    "\"start\"",
                    "\"end\"",
                    "\"kind\"",
                    "\"pod\"",
                    "\"ts_ms\"",
                    "\"labels\"",
                    "\"request_id\"",
                    "\"scope\"",
                    "\"window_s\"",
                    "\"status\"");

    /** Number literals as written, including ones a tree cannot hold. */
    private static final List<String> NUMBER_LITERALS =
            List.of(
                    "1e400",
                    "-1e400",
                    "1e-400",
                    "-0",
                    "-0.0",
                    "0e0",
                    "1E2",
                    "2.0",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "123456789012345678901234567890.5",
                    "4.9e-324",
                    "1.7976931348623157e308");

    private static final List<String> WORDS =
            List.of("start", "end", "pod", "Running", "ok", "error", "");
    private static final List<String> KEYS = List.of("count", "phase", "x", "ts_ms");

    /** A golden example parsed once, with the JSON Pointers a mutation can aim at. */
    private record Doc(byte[] json, JsonNode tree, List<String> nodes, List<String> fields) {
        static Doc of(Example example) {
            JsonNode tree = Contract.tree(example);
            return new Doc(
                    example.json(), tree, Contract.pointers(tree), Contract.fieldPointers(tree));
        }
    }

    @Test
    void randomBytesDecodeOrAreRefused() {
        fuzz("randomBytes", r -> bytes(r, 0, 255));
    }

    @Test
    void jsonishTokenSoupDecodesOrIsRefused() {
        fuzz("tokenSoup", r -> utf8(tokenSoup(r)));
    }

    @Test
    void exampleWithAFieldDroppedDecodesOrIsRefused() {
        fuzz("fieldDropped", r -> utf8(fieldDropped(r)));
    }

    @Test
    void exampleWithAValueReplacedDecodesOrIsRefused() {
        fuzz("valueReplaced", r -> utf8(valueReplaced(r)));
    }

    @Test
    void exampleWithANumberLiteralSplicedDecodesOrIsRefused() {
        fuzz("numberLiteralSpliced", r -> utf8(numberLiteralSpliced(r)));
    }

    @Test
    void truncatedExampleDecodesOrIsRefused() {
        fuzz("truncated", CodecFuzzTest::truncated);
    }

    @Test
    void exampleWithBytesInsertedDecodesOrIsRefused() {
        fuzz("bytesInserted", CodecFuzzTest::bytesInserted);
    }

    /** Guards against a run where nothing was generated or every input was refused. */
    @AfterAll
    static void bothOutcomesWereExercised() {
        assertThat(REFUSED.get()).as("inputs refused (seed %d)", SEED).isPositive();
        assertThat(DECODED.get()).as("inputs decoded (seed %d)", SEED).isPositive();
    }

    /** Runs {@value #CASES} inputs of one generator, naming seed, case and input on failure. */
    private static void fuzz(String generator, Function<SplittableRandom, byte[]> inputs) {
        SplittableRandom random = new SplittableRandom(SEED ^ generator.hashCode());
        for (int i = 0; i < CASES; i++) {
            byte[] input = inputs.apply(random);
            try {
                everyCodecIsTotal(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        String.format(
                                "%s case %d failed (reproduce with -Dinferscope.fuzz.seed=%d);"
                                        + " input hex %s: %s",
                                generator,
                                i,
                                SEED,
                                HexFormat.of().formatHex(input),
                                e.getMessage()),
                        e);
            }
        }
    }

    private static String tokenSoup(SplittableRandom r) {
        StringBuilder soup = new StringBuilder();
        for (int n = r.nextInt(41); n > 0; n--) {
            switch (r.nextInt(3)) {
                case 0 -> soup.append(pick(r, TOKENS));
                case 1 -> soup.append(aLong(r));
                default -> soup.append('"').append(string(r, 8)).append('"');
            }
        }
        return soup.toString();
    }

    private static String fieldDropped(SplittableRandom r) {
        Doc doc = pick(r, DOCS);
        return Contract.write(Contract.edit(doc.tree(), pick(r, doc.fields()), null));
    }

    private static String valueReplaced(SplittableRandom r) {
        Doc doc = pick(r, DOCS);
        String pointer = pick(r, doc.nodes());
        return Contract.write(Contract.edit(doc.tree(), pointer, jsonValue(r, r.nextInt(4))));
    }

    /**
     * A value replaced by a number literal as written, including ones a tree cannot hold: beyond
     * the double range, beyond 64 bits, exponent forms, negative zero.
     */
    private static String numberLiteralSpliced(SplittableRandom r) {
        Doc doc = pick(r, DOCS);
        String pointer = pick(r, doc.nodes());
        String literal =
                switch (r.nextInt(3)) {
                    case 0 -> pick(r, NUMBER_LITERALS);
                    case 1 -> bigDecimal(r).toString();
                    default -> String.valueOf(aLong(r));
                };
        String marker = "@@number@@";
        String json = Contract.write(Contract.edit(doc.tree(), pointer, TextNode.valueOf(marker)));
        return json.replace("\"" + marker + "\"", literal);
    }

    private static byte[] truncated(SplittableRandom r) {
        byte[] json = pick(r, DOCS).json();
        return Arrays.copyOf(json, r.nextInt(json.length));
    }

    private static byte[] bytesInserted(SplittableRandom r) {
        byte[] json = pick(r, DOCS).json();
        int at = r.nextInt(json.length + 1);
        byte[] extra = bytes(r, 1, 8);
        byte[] out = new byte[json.length + extra.length];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(json, at, out, at + extra.length, json.length - at);
        return out;
    }

    /** Random JSON values of every type; {@code depth} levels of arrays and objects above. */
    private static JsonNode jsonValue(SplittableRandom r, int depth) {
        if (depth > 0) {
            if (r.nextBoolean()) {
                var array = F.arrayNode();
                for (int n = r.nextInt(4); n > 0; n--) {
                    array.add(jsonValue(r, depth - 1));
                }
                return array;
            }
            return F.objectNode().set(pick(r, KEYS), jsonValue(r, depth - 1));
        }
        return switch (r.nextInt(7)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode((int) aLong(r));
            case 3 -> F.numberNode(aLong(r));
            case 4 -> F.numberNode(aDouble(r));
            case 5 -> F.textNode(string(r, 12));
            default -> F.textNode(pick(r, WORDS));
        };
    }

    // Primitive draws. Like a property-testing library, they favour edge values and small sizes
    // some of the time, since uniform draws almost never hit 0, -1 or Long.MIN_VALUE.

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static long aLong(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 ->
                    pick(
                            r,
                            List.of(
                                    0L,
                                    1L,
                                    -1L,
                                    Long.MIN_VALUE,
                                    Long.MAX_VALUE,
                                    (long) Integer.MIN_VALUE,
                                    (long) Integer.MAX_VALUE));
            case 1 -> r.nextLong(-1000, 1001);
            default -> r.nextLong();
        };
    }

    private static double aDouble(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 ->
                    pick(
                            r,
                            List.of(
                                    0.0,
                                    -0.0,
                                    1.0,
                                    -1.0,
                                    0.01,
                                    Double.MIN_VALUE,
                                    Double.MAX_VALUE,
                                    -Double.MAX_VALUE));
            case 1 -> Math.round(r.nextDouble(-1e6, 1e6) * 100) / 100.0;
            default -> {
                double d = Double.longBitsToDouble(r.nextLong());
                yield Double.isFinite(d) ? d : r.nextDouble();
            }
        };
    }

    private static BigDecimal bigDecimal(SplittableRandom r) {
        byte[] magnitude = bytes(r, 1, 16);
        return new BigDecimal(new BigInteger(magnitude), r.nextInt(-4, 21));
    }

    private static byte[] bytes(SplittableRandom r, int min, int max) {
        int size =
                r.nextInt(4) == 0
                        ? r.nextInt(min, Math.min(max, min + 4) + 1)
                        : r.nextInt(min, max + 1);
        byte[] out = new byte[size];
        r.nextBytes(out);
        return out;
    }

    /** Up to {@code max} chars: ASCII (controls included) or any BMP char but a surrogate. */
    private static String string(SplittableRandom r, int max) {
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(max + 1); n > 0; n--) {
            int c = r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0x10000);
            s.append(Character.isSurrogate((char) c) ? '?' : (char) c);
        }
        return s.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void everyCodecIsTotal(byte[] input) {
        for (TopicSpec<?> topic : Topics.ALL) {
            isTotal((RecordCodec<Object>) topic.codec(), input);
        }
    }

    private static void isTotal(RecordCodec<Object> codec, byte[] input) {
        Object record;
        try {
            record = codec.decode(input);
        } catch (DecodeException e) {
            assertThat(e.path()).startsWith("$");
            REFUSED.incrementAndGet();
            return;
        } catch (Throwable t) {
            throw new AssertionError(describe(codec, input) + " threw " + t, t);
        }
        try {
            byte[] again = codec.encode(record);
            assertThat(codec.decode(again)).isEqualTo(record);
            DECODED.incrementAndGet();
        } catch (Throwable t) {
            fail(describe(codec, input) + " decoded to " + record + " but did not round-trip", t);
        }
    }

    private static String describe(RecordCodec<?> codec, byte[] input) {
        return codec.type().getSimpleName()
                + " decode of "
                + new String(input, StandardCharsets.UTF_8)
                + " (hex "
                + HexFormat.of().formatHex(input)
                + ")";
    }
}
