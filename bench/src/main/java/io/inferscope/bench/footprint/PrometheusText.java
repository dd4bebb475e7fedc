package io.inferscope.bench.footprint;

/** Reads one sample out of a Prometheus text exposition page. */
final class PrometheusText {
    private PrometheusText() {}

    /**
     * The value of the first sample of metric {@code name}, whatever its labels (the collectors
     * label every sample with {@code collector="..."}); {@code absent} when there is none.
     */
    static double value(String page, String name, double absent) {
        for (String line : page.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String rest =
                        line.substring(
                                line.indexOf('}') > 0 ? line.indexOf('}') + 1 : name.length());
                return Double.parseDouble(rest.trim().split(" ")[0]);
            }
        }
        return absent;
    }
}
