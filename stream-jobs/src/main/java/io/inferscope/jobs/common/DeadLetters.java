package io.inferscope.jobs.common;

import io.inferscope.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.flink.util.OutputTag;

/**
 * Builds {@link DeadLetter} records: where a record came from, why it was refused, and a copy of
 * its bytes capped at {@link #MAX_PAYLOAD_BYTES} (UTF-8 text when the bytes are valid UTF-8, else
 * base64), so one huge or binary record cannot blow up the dead-letter topic.
 */
public final class DeadLetters {
    public static final int MAX_PAYLOAD_BYTES = 4096;

    /** The side output every function of a job sends its refused records to. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("deadletter", CodecTypeInfo.of(DeadLetter.class));

    private DeadLetters() {}

    /**
     * @param source the job or component refusing the record (e.g. {@code request-metrics})
     * @param topic, partition, offset where it came from, when known (else null)
     */
    public static DeadLetter of(
            long nowMs,
            String source,
            String topic,
            Integer partition,
            Long offset,
            String reason,
            String fieldPath,
            byte[] payload) {
        byte[] bytes = payload == null ? new byte[0] : payload;
        boolean truncated = bytes.length > MAX_PAYLOAD_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES) : bytes;
        String text = utf8(kept, truncated);
        return new DeadLetter(
                nowMs,
                source,
                topic,
                partition,
                offset,
                reason == null || reason.isBlank() ? "unknown" : reason,
                fieldPath,
                text,
                text == null ? Base64.getEncoder().encodeToString(kept) : null,
                truncated ? Boolean.TRUE : null);
    }

    /**
     * The bytes as text when they are valid UTF-8. A cut copy may end inside a multi-byte
     * character: up to three trailing bytes are dropped before giving up on text.
     */
    private static String utf8(byte[] bytes, boolean truncated) {
        int drop = truncated ? Math.min(3, bytes.length) : 0;
        for (int d = 0; d <= drop; d++) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - d))
                        .toString();
            } catch (CharacterCodingException e) {
                // try one byte shorter (only when the copy was cut)
            }
        }
        return null;
    }
}
