package io.inferscope.jobs.alerts;

/** What one observation did to an alert group. */
enum Transition {
    NONE,
    FIRED,
    RESOLVED
}
