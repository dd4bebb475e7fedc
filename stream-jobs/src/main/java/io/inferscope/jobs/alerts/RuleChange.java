package io.inferscope.jobs.alerts;

/**
 * One record of the rules topic: the Kafka key (the rule name), the value as text (null for a
 * tombstone, which deletes the rule), where it came from and when it was written.
 */
public final class RuleChange {
    public String key;
    public String text;
    public String source;
    public long tsMs;

    public RuleChange() {}

    public static RuleChange of(String key, String text, String source, long tsMs) {
        RuleChange c = new RuleChange();
        c.key = key;
        c.text = text;
        c.source = source;
        c.tsMs = tsMs;
        return c;
    }

    @Override
    public String toString() {
        return "RuleChange[" + key + " from " + source + (text == null ? ", tombstone]" : "]");
    }
}
