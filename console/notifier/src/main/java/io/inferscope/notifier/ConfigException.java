package io.inferscope.notifier;

/**
 * An invalid notifier configuration. The message names the place (e.g. {@code targets[1].url}) and
 * the reason, never a secret's value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
