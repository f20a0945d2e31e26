package io.sparklm.config;

/** A configuration error whose message names the offending key; CLIs print it and exit with code 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String key, String value, String expected) {
        super("config key '" + key + "'" + (value == null ? "" : " has bad value '" + value + "'")
                + ": expected " + expected);
    }
}
