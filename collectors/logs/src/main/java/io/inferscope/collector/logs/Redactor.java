package io.inferscope.collector.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with {@value #MASK} before anything leaves the collector. A pattern with
 * a named group {@code secret} has only that group replaced (so {@code password=} stays readable);
 * any other pattern has its whole match replaced.
 *
 * <p>Defaults: bearer tokens (8 characters or more), OpenAI-style keys ({@code sk-...}), {@code
 * api_key=} / {@code api-key:} / {@code "apiKey": "..."} values, {@code password=} values.
 * Attribute values whose key itself names a secret (password, secret, token, api key,
 * authorization) are masked whole.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final String VALUE = "(?<secret>[^\\s\"'&,;}]+)";

    /** The default patterns, in the order they are applied. */
    public static final List<Pattern> DEFAULTS =
            List.of(
                    Pattern.compile("(?i)\\bbearer\\s+(?<secret>[A-Za-z0-9._~+/=-]{8,})"),
                    Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}"),
                    Pattern.compile("(?i)\\bapi[_-]?key[\"']?\\s*[=:]\\s*[\"']?" + VALUE),
                    Pattern.compile("(?i)\\bpass(?:word|wd)[\"']?\\s*[=:]\\s*[\"']?" + VALUE));

    private static final Pattern SECRET_KEY =
            Pattern.compile(
                    "(?i).*(password|passwd|secret|token|api[_-]?key|authorization|credential).*");

    private final List<Pattern> patterns;

    public Redactor(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The defaults followed by {@code extra}. */
    public static Redactor withDefaults(List<Pattern> extra) {
        List<Pattern> all = new ArrayList<>(DEFAULTS);
        all.addAll(extra);
        return new Redactor(all);
    }

    /** {@code text} with every secret masked; the same instance when nothing matched. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : patterns) {
            out = apply(p, out);
        }
        return out;
    }

    /** An attribute value: masked whole when its key names a secret, else {@link #redact}. */
    public String redactAttribute(String key, String value) {
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
            return MASK;
        }
        return redact(value);
    }

    private static String apply(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        boolean group = p.pattern().contains("(?<secret>");
        StringBuilder b = new StringBuilder(text.length());
        int last = 0;
        do {
            int start = group ? m.start("secret") : m.start();
            int end = group ? m.end("secret") : m.end();
            if (start < 0) { // the group did not take part in this match
                start = m.start();
                end = m.end();
            }
            b.append(text, last, start).append(MASK);
            last = end;
        } while (m.find());
        return b.append(text, last, text.length()).toString();
    }
}
