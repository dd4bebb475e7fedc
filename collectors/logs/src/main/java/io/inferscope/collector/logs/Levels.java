package io.inferscope.collector.logs;

import io.inferscope.schemas.LogLine.Level;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The level of a line: from a structured field's value ({@link #fromName}, {@link #fromNumber}) or
 * from common text layouts ({@link #fromText}). What cannot be read is {@link Level#UNKNOWN}: the
 * stream a line came on says nothing about its level (many servers log everything to stderr).
 */
final class Levels {
    // klog/glog: "E1129 10:15:42.123456    1 file.go:42] msg"
    private static final Pattern KLOG = Pattern.compile("^([IWEF])\\d{4} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern KEY_VALUE =
            Pattern.compile(
                    "(?i)\\b(?:level|lvl|severity|loglevel)[\"']?\\s*[=:]\\s*[\"']?([A-Za-z]+)");
    private static final Pattern BRACKETED =
            Pattern.compile(
                    "(?i)[\\[<](trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit"
                            + "|panic)[\\]>]");
    // Upper case only: "INFO 11-29 10:00:00 [engine.py:12]" (vLLM), "... - ERROR - ..." (Python
    // logging), "INFO:     127.0.0.1" (uvicorn). Lower case words are too often prose ("no error").
    private static final Pattern BARE_WORD =
            Pattern.compile(
                    "\\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|PANIC)\\b");
    private static final int BARE_WORD_WINDOW = 100;

    private Levels() {}

    static Level fromName(String name) {
        if (name == null) {
            return Level.UNKNOWN;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "trace", "finest", "finer" -> Level.TRACE;
            case "debug", "dbg", "fine", "verbose" -> Level.DEBUG;
            case "info", "information", "informational", "notice", "i" -> Level.INFO;
            case "warn", "warning", "w" -> Level.WARN;
            case "error", "err", "severe", "e" -> Level.ERROR;
            case "fatal", "critical", "crit", "panic", "emerg", "emergency", "alert", "f" ->
                    Level.FATAL;
            default -> Level.UNKNOWN;
        };
    }

    /** Numeric levels of pino and bunyan: 10 trace ... 60 fatal. */
    static Level fromNumber(int n) {
        if (n >= 60) {
            return Level.FATAL;
        }
        if (n >= 50) {
            return Level.ERROR;
        }
        if (n >= 40) {
            return Level.WARN;
        }
        if (n >= 30) {
            return Level.INFO;
        }
        if (n >= 20) {
            return Level.DEBUG;
        }
        return n >= 10 ? Level.TRACE : Level.UNKNOWN;
    }

    static Level fromText(String text) {
        Matcher m = KLOG.matcher(text);
        if (m.find()) {
            return fromName(m.group(1));
        }
        m = KEY_VALUE.matcher(text);
        if (m.find()) {
            Level l = fromName(m.group(1));
            if (l != Level.UNKNOWN) {
                return l;
            }
        }
        String head = text.length() > BARE_WORD_WINDOW ? text.substring(0, BARE_WORD_WINDOW) : text;
        m = BRACKETED.matcher(head);
        if (m.find()) {
            return fromName(m.group(1));
        }
        m = BARE_WORD.matcher(head);
        if (m.find()) {
            return fromName(m.group(1));
        }
        if (text.startsWith("Traceback (most recent call last)")
                || text.startsWith("Exception in thread ")) {
            return Level.ERROR;
        }
        if (text.startsWith("panic: ")) {
            return Level.FATAL;
        }
        return Level.UNKNOWN;
    }
}
