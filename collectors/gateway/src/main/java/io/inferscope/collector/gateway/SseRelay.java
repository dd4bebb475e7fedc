package io.inferscope.collector.gateway;

import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Passes an SSE body through while watching its events. It decides what bytes go to the client:
 *
 * <ul>
 *   <li>When the gateway did not inject {@code stream_options.include_usage}, every byte is
 *       forwarded the moment it arrives ({@link #feed} returns its input) and parsing happens on
 *       the side.
 *   <li>When it did, the bytes of an unfinished block are held until the block's blank line
 *       arrives, because only then is it known whether the block is the usage-only chunk the client
 *       never asked for; that one block is dropped, every other block is forwarded as soon as it is
 *       whole. Held bytes are bounded: past {@code maxHeldBytes} they are forwarded and the block
 *       can no longer be dropped (the usage chunk is small, so this only affects huge content
 *       events). A buffer that holds whole blocks only, none dropped, and nothing held from before
 *       (the usual case: a replica writes each event in one go) is returned as it came, so the
 *       proxy forwards it without a copy.
 * </ul>
 *
 * Not thread-safe: one relay per response, used on its event loop.
 */
final class SseRelay implements SseParser.Listener {

    /** Told about each data event, with the arrival time of the buffer that completed it. */
    interface ChunkListener {
        void onChunk(ChunkInfo info, long arrivalNanos);
    }

    private static final byte[] NOTHING = new byte[0];

    private final ChunkInspector inspector;
    private final boolean dropUsageChunk;
    private final int maxHeldBytes;
    private final ChunkListener listener;
    private final SseParser parser;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final ByteArrayOutputStream outgoing = new ByteArrayOutputStream();
    private boolean blockPartlyForwarded;
    // After a CR-terminated block the next byte may be its LF partner: owned by that block, so it
    // is forwarded or dropped with it rather than with the block that follows.
    private boolean partnerPending;
    private boolean partnerDropped;
    private byte[] current;
    private int cut;
    // What goes out so far is exactly current[0, prefixEnd): not yet copied into `outgoing`.
    private boolean prefixOnly;
    private int prefixEnd;
    private long currentNanos;
    private int dropped;

    SseRelay(
            ChunkInspector inspector,
            boolean dropUsageChunk,
            int maxHeldBytes,
            int maxDataBytes,
            ChunkListener listener) {
        this.inspector = inspector;
        this.dropUsageChunk = dropUsageChunk;
        this.maxHeldBytes = maxHeldBytes;
        this.listener = listener;
        this.parser = new SseParser(maxDataBytes);
    }

    /** Feeds one buffer; returns the bytes to forward to the client now (possibly none). */
    byte[] feed(byte[] bytes, long arrivalNanos) {
        current = bytes;
        cut = 0;
        currentNanos = arrivalNanos;
        prefixOnly = outgoing.size() == 0;
        prefixEnd = 0;
        parser.feed(bytes, 0, bytes.length, this);
        if (!dropUsageChunk) {
            current = null;
            return bytes;
        }
        takePartnerLf(bytes.length);
        if (cut < bytes.length) {
            held.write(bytes, cut, bytes.length - cut);
            if (held.size() > maxHeldBytes) {
                moveHeldToOutgoing();
                blockPartlyForwarded = true;
            }
        }
        byte[] out;
        if (prefixOnly) {
            out =
                    prefixEnd == bytes.length
                            ? bytes
                            : prefixEnd == 0 ? NOTHING : Arrays.copyOf(bytes, prefixEnd);
        } else {
            out = drainOutgoing();
        }
        prefixOnly = false;
        current = null;
        return out;
    }

    /** The upstream body ended: forwards whatever an unfinished last block still holds. */
    byte[] finish() {
        moveHeldToOutgoing();
        return drainOutgoing();
    }

    /** How many usage-only blocks were dropped (0 or 1 on a well-formed stream). */
    int droppedBlocks() {
        return dropped;
    }

    @Override
    public void onBlock(byte[] data, int dataLength, int endOffset, boolean crTerminated) {
        ChunkInfo info = data == null ? null : inspector.inspect(data, dataLength);
        if (info != null) {
            listener.onChunk(info, currentNanos);
        }
        if (!dropUsageChunk) {
            return;
        }
        takePartnerLf(endOffset);
        boolean drop = info != null && info.usageOnly() && !blockPartlyForwarded;
        if (drop) {
            held.reset();
            dropped++;
        } else {
            moveHeldToOutgoing();
            forward(cut, endOffset);
        }
        partnerPending = crTerminated;
        partnerDropped = drop;
        cut = endOffset;
        blockPartlyForwarded = false;
    }

    private void takePartnerLf(int limit) {
        if (partnerPending && cut < limit) {
            partnerPending = false;
            if (current[cut] == '\n') {
                if (!partnerDropped) {
                    forward(cut, cut + 1);
                }
                cut++;
            }
        }
    }

    /** Forwards current[from, to): by extending the uncopied prefix when it continues it. */
    private void forward(int from, int to) {
        if (prefixOnly && from == prefixEnd) {
            prefixEnd = to;
            return;
        }
        materializePrefix();
        outgoing.write(current, from, to - from);
    }

    private void materializePrefix() {
        if (prefixOnly) {
            prefixOnly = false;
            outgoing.write(current, 0, prefixEnd);
        }
    }

    private void moveHeldToOutgoing() {
        if (held.size() > 0) {
            materializePrefix();
            outgoing.writeBytes(held.toByteArray());
            held.reset();
        }
    }

    private byte[] drainOutgoing() {
        if (outgoing.size() == 0) {
            return NOTHING;
        }
        byte[] out = outgoing.toByteArray();
        outgoing.reset();
        return out;
    }
}
