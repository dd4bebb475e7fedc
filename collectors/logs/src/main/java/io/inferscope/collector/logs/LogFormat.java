package io.inferscope.collector.logs;

/** How a file's lines are written. */
public enum LogFormat {
    /** The CRI container log format, with partial lines (kubelet: /var/log/pods). */
    CRI,
    /** One message per line, no framing; timestamped with the time it is read. */
    PLAIN
}
