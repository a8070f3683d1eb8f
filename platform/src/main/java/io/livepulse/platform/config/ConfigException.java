package io.livepulse.platform.config;

/** Bad configuration: the message lists every problem and how to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
