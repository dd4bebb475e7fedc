package io.inferscope.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.inferscope.schemas.Examples.Example;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The codec is total: for every topic's codec, any input either decodes to a record that re-encodes
 * and decodes back equal, or is refused with a {@link DecodeException} — never another exception.
 * Inputs: random bytes, random JSON-ish token soup, and golden examples mutated (a field dropped, a
 * value replaced by a random JSON value or number literal, bytes truncated or inserted). Each input
 * goes through every codec in {@link Topics#ALL}.
 */
class CodecFuzzProperties {
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final List<Doc> DOCS = Examples.all().stream().map(Doc::of).toList();

    /** A golden example parsed once, with the JSON Pointers a mutation can aim at. */
    private record Doc(byte[] json, JsonNode tree, List<String> nodes, List<String> fields) {
        static Doc of(Example example) {
            JsonNode tree = Contract.tree(example);
            return new Doc(
                    example.json(), tree, Contract.pointers(tree), Contract.fieldPointers(tree));
        }
    }

    @Property(tries = 300)
    void randomBytesDecodeOrAreRefused(@ForAll byte[] bytes) {
        everyCodecIsTotal(bytes);
    }

    @Property(tries = 300)
    void jsonishTokenSoupDecodesOrIsRefused(@ForAll("tokenSoup") String text) {
        everyCodecIsTotal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void exampleWithAFieldDroppedDecodesOrIsRefused(@ForAll("fieldDropped") String json) {
        everyCodecIsTotal(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void exampleWithAValueReplacedDecodesOrIsRefused(@ForAll("valueReplaced") String json) {
        everyCodecIsTotal(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void exampleWithANumberLiteralSplicedDecodesOrIsRefused(
            @ForAll("numberLiteralSpliced") String json) {
        everyCodecIsTotal(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void truncatedExampleDecodesOrIsRefused(@ForAll("truncated") byte[] bytes) {
        everyCodecIsTotal(bytes);
    }

    @Property(tries = 300)
    void exampleWithBytesInsertedDecodesOrIsRefused(@ForAll("bytesInserted") byte[] bytes) {
        everyCodecIsTotal(bytes);
    }

    /** Guards against a run where the engine generated nothing or every input was refused. */
    @AfterContainer
    static void bothOutcomesWereExercised() {
        assertThat(REFUSED.get()).as("inputs refused").isPositive();
        assertThat(DECODED.get()).as("inputs decoded").isPositive();
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token =
                Arbitraries.oneOf(
                        Arbitraries.of(
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
                                "\"status\""),
                        Arbitraries.longs().map(String::valueOf),
                        Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s + "\""));
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> fieldDropped() {
        return Arbitraries.of(DOCS)
                .flatMap(
                        doc ->
                                Arbitraries.of(doc.fields())
                                        .map(
                                                p ->
                                                        Contract.write(
                                                                Contract.edit(
                                                                        doc.tree(), p, null))));
    }

    @Provide
    Arbitrary<String> valueReplaced() {
        return Arbitraries.of(DOCS)
                .flatMap(
                        doc ->
                                Combinators.combine(Arbitraries.of(doc.nodes()), jsonValues())
                                        .as(
                                                (p, v) ->
                                                        Contract.write(
                                                                Contract.edit(doc.tree(), p, v))));
    }

    /**
     * A value replaced by a number literal as written, including ones a tree cannot hold: beyond
     * the double range, beyond 64 bits, exponent forms, negative zero.
     */
    @Provide
    Arbitrary<String> numberLiteralSpliced() {
        Arbitrary<String> literals =
                Arbitraries.oneOf(
                        Arbitraries.of(
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
                                "1.7976931348623157e308"),
                        Arbitraries.bigDecimals().map(BigDecimal::toString),
                        Arbitraries.longs().map(String::valueOf));
        return Arbitraries.of(DOCS)
                .flatMap(
                        doc ->
                                Combinators.combine(Arbitraries.of(doc.nodes()), literals)
                                        .as((p, n) -> splice(doc.tree(), p, n)));
    }

    @Provide
    Arbitrary<byte[]> truncated() {
        return Arbitraries.of(DOCS)
                .flatMap(
                        doc ->
                                Arbitraries.integers()
                                        .between(0, doc.json().length - 1)
                                        .map(n -> Arrays.copyOf(doc.json(), n)));
    }

    @Provide
    Arbitrary<byte[]> bytesInserted() {
        return Arbitraries.of(DOCS)
                .flatMap(
                        doc ->
                                Combinators.combine(
                                                Arbitraries.integers()
                                                        .between(0, doc.json().length),
                                                Arbitraries.bytes()
                                                        .array(byte[].class)
                                                        .ofMinSize(1)
                                                        .ofMaxSize(8))
                                        .as((at, extra) -> insert(doc.json(), at, extra)));
    }

    /** Random JSON values of every type, nested up to three levels. */
    private static Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars =
                Arbitraries.oneOf(
                        Arbitraries.just(f.nullNode()),
                        Arbitraries.of(true, false).map(f::booleanNode),
                        Arbitraries.integers().map(f::numberNode),
                        Arbitraries.longs().map(f::numberNode),
                        Arbitraries.doubles().map(f::numberNode),
                        Arbitraries.strings().ofMaxLength(12).map(f::textNode),
                        Arbitraries.of("start", "end", "pod", "Running", "ok", "error", "")
                                .map(f::textNode));
        return Arbitraries.recursive(
                () -> scalars,
                inner ->
                        Arbitraries.oneOf(
                                inner.list()
                                        .ofMaxSize(3)
                                        .map(l -> (JsonNode) f.arrayNode().addAll(l)),
                                Combinators.combine(
                                                Arbitraries.of("count", "phase", "x", "ts_ms"),
                                                inner)
                                        .as((k, v) -> f.objectNode().set(k, v))),
                0,
                3);
    }

    private static String splice(JsonNode tree, String pointer, String literal) {
        String marker = "@@number@@";
        String json = Contract.write(Contract.edit(tree, pointer, TextNode.valueOf(marker)));
        return json.replace("\"" + marker + "\"", literal);
    }

    private static byte[] insert(byte[] json, int at, byte[] extra) {
        byte[] out = new byte[json.length + extra.length];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(json, at, out, at + extra.length, json.length - at);
        return out;
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
