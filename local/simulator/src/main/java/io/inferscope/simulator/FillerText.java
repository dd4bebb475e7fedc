package io.inferscope.simulator;

import java.util.random.RandomGenerator;

/**
 * Meaningless filler words: the simulator's generated tokens and the load generator's prompts.
 * Nothing a client sends is ever echoed back.
 */
public final class FillerText {

    /** Three-letter words so that "word + space" is exactly four characters, one token. */
    private static final String[] WORDS = {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "her", "was", "one",
        "our", "out", "day", "get", "has", "him", "his", "how", "man", "new", "now", "old", "see",
        "two", "way", "who", "boy", "did", "its", "let", "put", "say", "she", "too", "use", "map",
        "set", "run", "top", "key", "sum", "log", "bit", "row", "net"
    };

    private FillerText() {}

    /** One output token as streamed: a word with a leading space except for the first. */
    public static String token(RandomGenerator random, int position) {
        String word = WORDS[random.nextInt(WORDS.length)];
        return position == 0 ? word : " " + word;
    }

    /** Filler text of about {@code tokens} tokens at four characters per token. */
    public static String ofTokens(RandomGenerator random, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 4);
        for (int i = 0; i < tokens; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(i + 1 < tokens ? ' ' : '.');
        }
        return text.toString();
    }
}
