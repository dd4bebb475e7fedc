package io.inferscope.notifier;

import io.inferscope.schemas.Alert;
import java.util.Map;
import java.util.Set;

/**
 * Which alerts a target receives: {@code severities} (empty = all) and {@code labels}, every one of
 * which must equal the alert's label of that name (empty = no condition).
 */
public record Filter(Set<Alert.Severity> severities, Map<String, String> labels) {
    public static final Filter ALL = new Filter(Set.of(), Map.of());

    public Filter {
        severities = Set.copyOf(severities);
        labels = Map.copyOf(labels);
    }

    public boolean accepts(Alert alert) {
        if (!severities.isEmpty() && !severities.contains(alert.severity())) {
            return false;
        }
        for (Map.Entry<String, String> want : labels.entrySet()) {
            if (!want.getValue().equals(alert.labels().get(want.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
