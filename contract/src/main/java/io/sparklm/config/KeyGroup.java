package io.sparklm.config;

import java.util.List;

/** A titled group of keys, one section of a command's help and of the configuration reference. */
public record KeyGroup(String title, List<Key<?>> keys) {
    public KeyGroup {
        keys = List.copyOf(keys);
    }

    public static KeyGroup of(String title, Key<?>... keys) {
        return new KeyGroup(title, List.of(keys));
    }
}
