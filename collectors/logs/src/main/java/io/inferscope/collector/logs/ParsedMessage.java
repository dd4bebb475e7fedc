package io.inferscope.collector.logs;

import io.inferscope.schemas.LogLine.Level;
import java.util.Map;

/** What {@link MessageParser} reads from one line's text. */
record ParsedMessage(
        Level level, String message, String requestId, Map<String, String> attributes) {}
