package io.inferscope.collector.logs;

/**
 * One line as it sits in the file, without its {@code \n} (and a {@code \r} before it).
 *
 * @param bytes the line's bytes, at most the reader's cap
 * @param start offset of its first byte in the file
 * @param end offset just past its {@code \n}: where the next line starts
 * @param cut true when the line was longer than the cap and its tail was dropped
 */
record PhysicalLine(byte[] bytes, long start, long end, boolean cut) {}
