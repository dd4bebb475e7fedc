package io.inferscope.collector.gateway;

import static io.inferscope.collector.gateway.ChunkInspector.next;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.inferscope.collector.gateway.ChunkInspector.ChunkInfo;
import java.io.IOException;

/**
 * One streaming pass over a chunk for {@link ChunkInspector}. Each method starts with the parser on
 * the value it reads and leaves it on that value's last token. Every field is assigned on each
 * occurrence, so a repeated key counts by its last value, as in a tree.
 */
final class ChunkWalk {
    private boolean choicesArray;
    private boolean choicesEmpty;
    private boolean content;
    private boolean usageObject;
    private Integer prompt;
    private Integer completion;
    private boolean error;

    private ChunkWalk() {}

    static ChunkInfo root(JsonParser p, boolean failOnTrailingTokens) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return ChunkInfo.UNREADABLE; // empty, or not an object: the tree reader says the same
        }
        ChunkWalk walk = new ChunkWalk();
        while (next(p) == JsonToken.FIELD_NAME) {
            walk.rootField(p, p.currentName(), next(p));
        }
        if (failOnTrailingTokens && p.nextToken() != null) {
            return ChunkInfo.UNREADABLE;
        }
        return walk.info();
    }

    private ChunkInfo info() {
        boolean usageOnly = choicesArray && choicesEmpty && usageObject;
        return new ChunkInfo(false, content, usageOnly, prompt, completion, error, true);
    }

    private void rootField(JsonParser p, String name, JsonToken v) throws IOException {
        switch (name) {
            case "choices" -> {
                choicesArray = v == JsonToken.START_ARRAY;
                choicesEmpty = false;
                content = false;
                if (choicesArray) {
                    choices(p);
                } else {
                    p.skipChildren();
                }
            }
            case "usage" -> {
                usageObject = v == JsonToken.START_OBJECT;
                prompt = null;
                completion = null;
                if (usageObject) {
                    usage(p);
                } else {
                    p.skipChildren();
                }
            }
            case "error" -> {
                error = v != JsonToken.VALUE_NULL;
                p.skipChildren();
            }
            default -> p.skipChildren();
        }
    }

    private void choices(JsonParser p) throws IOException {
        choicesEmpty = true;
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            choicesEmpty = false;
            if (t == JsonToken.START_OBJECT) {
                content |= choice(p);
            } else {
                p.skipChildren();
            }
        }
    }

    private void usage(JsonParser p) throws IOException {
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = next(p);
            switch (name) {
                case "prompt_tokens" -> prompt = nonNegativeInt(p, v);
                case "completion_tokens" -> completion = nonNegativeInt(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private static boolean choice(JsonParser p) throws IOException {
        boolean text = false;
        boolean deltaObject = false;
        boolean deltaContent = false;
        boolean messageObject = false;
        boolean messageContent = false;
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = next(p);
            switch (name) {
                case "text" -> text = nonEmptyText(p, v);
                case "delta" -> {
                    deltaObject = v == JsonToken.START_OBJECT;
                    deltaContent = deltaObject ? delta(p) : skip(p);
                }
                case "message" -> {
                    messageObject = v == JsonToken.START_OBJECT;
                    messageContent = messageObject ? delta(p) : skip(p);
                }
                default -> p.skipChildren();
            }
        }
        // A non-streaming chat body carries "message" rather than "delta".
        return text || (deltaObject ? deltaContent : messageObject && messageContent);
    }

    private static boolean delta(JsonParser p) throws IOException {
        boolean content = false;
        boolean reasoningContent = false;
        boolean reasoning = false;
        boolean tools = false;
        while (next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = next(p);
            switch (name) {
                case "content" -> content = nonEmptyText(p, v);
                case "reasoning_content" -> reasoningContent = nonEmptyText(p, v);
                case "reasoning" -> reasoning = nonEmptyText(p, v);
                case "tool_calls" ->
                        tools = v == JsonToken.START_ARRAY ? nonEmptyArray(p) : skip(p);
                default -> p.skipChildren();
            }
        }
        return content || reasoningContent || reasoning || tools;
    }

    /** Tests a string for emptiness by its length: the text itself is never built. */
    private static boolean nonEmptyText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getTextLength() > 0;
        }
        return skip(p);
    }

    private static boolean nonEmptyArray(JsonParser p) throws IOException {
        boolean any = false;
        while (next(p) != JsonToken.END_ARRAY) {
            any = true;
            p.skipChildren();
        }
        return any;
    }

    /** An integral number that fits an int and is not negative, else null. */
    private static Integer nonNegativeInt(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return null;
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            return null;
        }
        int value = p.getIntValue();
        return value < 0 ? null : value;
    }

    private static boolean skip(JsonParser p) throws IOException {
        p.skipChildren();
        return false;
    }
}
