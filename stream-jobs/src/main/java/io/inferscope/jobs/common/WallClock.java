package io.inferscope.jobs.common;

import java.io.Serializable;

/** Processing time, replaceable in tests. */
@FunctionalInterface
public interface WallClock extends Serializable {
    WallClock SYSTEM = System::currentTimeMillis;

    long nowMs();
}
