package io.sparklm.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyTest {
    @Test
    void keysReadTheirValueOrDefaultAndDocumentIt() {
        Key<Double> lr = Key.number("lr", 6e-4, 0, 10, "peak learning rate").resumable();
        Key<Integer> ff = Key.integer("d-ff", 0, 0, 100, "width").computedDefault("4 x d-model");
        Key<List<String>> in = Key.list("input", "URI", true, "inputs");
        ConfigMap c = ConfigMap.of(Map.of("lr", "0.01", "input", "a, b"));
        assertEquals(0.01, lr.get(c));
        assertEquals(64, ff.get(c, 64));
        assertEquals(List.of("a", "b"), in.get(c));
        assertEquals("6e-4", lr.defaultText());
        assertEquals("4 x d-model", ff.defaultText());
        assertEquals("required", in.defaultText());
        assertTrue(lr.isResumable() && !ff.isResumable());
        assertEquals("URI[,URI...]", in.label());
        assertEquals("true|false", Key.bool("nsp", true, "x").label());
        assertEquals("a|b", Key.choice("k", "a", "x", "a", "b").label());
        ConfigException e = assertThrows(ConfigException.class, () -> in.get(ConfigMap.of(Map.of())));
        assertEquals("config key 'input': expected a value (this key is required)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Key.integer("Bad_Name", 1, 0, 2, "x"));
    }

    @Test
    void numbersAreDocumentedAsWrittenInAPreset() {
        assertEquals("0.5", Key.format(0.5));
        assertEquals("30", Key.format(30));
        assertEquals("1e-8", Key.format(1e-8));
        assertEquals("2.5e-4", Key.format(2.5e-4));
        assertEquals("1e-12", Key.format(1e-12));
    }
}
