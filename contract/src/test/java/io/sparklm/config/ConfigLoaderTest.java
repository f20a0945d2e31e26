package io.sparklm.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void commandLineFormsAndPositionals(@TempDir Path dir) {
        ConfigLoader.Parsed p = ConfigLoader.parse(
                new String[] {"inspect", "--seq-len=128", "--seed", "7", "mask-prob=0.2", "--overwrite", "out"},
                "overwrite");
        ConfigMap c = p.config();
        assertEquals(List.of("inspect", "out"), p.positionals());
        assertEquals(128, c.integer("seq-len", 0));
        assertEquals(7, c.longValue("seed", 0, 0, Long.MAX_VALUE));
        assertEquals(0.2, c.number("mask-prob", 0.15, 0, 1), 1e-12);
        assertTrue(c.bool("overwrite", false));
        c.requireAllUsed();
    }

    @Test
    void defaultsFillOnlyUnsetKeysAndUnknownKeysAreStillRejected() {
        ConfigMap c = ConfigLoader.parse(new String[] {"lr=0.5", "typo=1"}).config();
        c.string("output", null);
        ConfigMap d = c.withDefaults(Map.of("lr", "0.1", "max-steps", "30"), "finetune");
        assertEquals(0.5, d.number("lr", 0, 0, 1), 1e-12);
        assertEquals(30, d.integer("max-steps", 0));
        ConfigException e = assertThrows(ConfigException.class, d::requireAllUsed);
        assertTrue(e.getMessage().contains("'typo'"), e.getMessage());
        assertTrue(e.getMessage().contains("output"), "keys read before the defaults count as known: "
                + e.getMessage());
    }

    @Test
    void bareFlagBeforeKeyValueWordIsTrue() {
        ConfigMap c = ConfigLoader.parse(new String[] {"--html", "format=jsonl", "--prompt", "Call me"}).config();
        assertTrue(c.bool("html", false));
        assertEquals("jsonl", c.string("format", null));
        assertEquals("Call me", c.string("prompt", null));
        c.requireAllUsed();
    }

    @Test
    void presetFileThenOverridesLaterWins(@TempDir Path dir) throws Exception {
        Path preset = dir.resolve("p.conf");
        Files.writeString(preset, "# comment\nd-model = 64\nn-layers=2\n\nlr = 3e-4\n");
        ConfigMap c = ConfigLoader.parse(new String[] {"--preset", preset.toString(), "--n-layers=4"}).config();
        assertEquals(64, c.integer("d-model", 0));
        assertEquals(4, c.integer("n-layers", 0));
        assertEquals(3e-4, c.number("lr", 0, 0, 1), 1e-15);
        c.requireAllUsed();
    }

    @Test
    void commandLineKeysWinOverPresetsWhereverTheyStand(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");
        Files.writeString(a, "lr = 3e-4\nd-model = 64\n");
        Files.writeString(b, "d-model = 128\n");
        // model-info lr=0.5 --preset tiny once gave the preset's lr: keys before a preset now win too
        ConfigMap c = ConfigLoader.parse(new String[] {"lr=0.5", "--preset", a.toString(), "--preset",
                b.toString(), "lr=0.25"}).config();
        assertEquals(0.25, c.number("lr", 0, 0, 1), 0.0, "the last key on the command line");
        assertEquals(128, c.integer("d-model", 0, 0, 1024), "later presets override earlier ones");
        ConfigMap d = ConfigLoader.parse(new String[] {"lr=0.5", "--preset", a.toString()}).config();
        assertEquals(0.5, d.number("lr", 0, 0, 1), 0.0);
    }

    @Test
    void presetByNameFromConfDir(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.conf"), "batch-size = 16\n");
        String old = System.getProperty("sparklm.conf.dir");
        System.setProperty("sparklm.conf.dir", dir.toString());
        try {
            ConfigMap c = ConfigLoader.parse(new String[] {"--preset=mine"}).config();
            assertEquals(16, c.integer("batch-size", 0));
        } finally {
            if (old == null) System.clearProperty("sparklm.conf.dir"); else System.setProperty("sparklm.conf.dir", old);
        }
    }

    @Test
    void unknownKeyIsRejectedByName() {
        ConfigMap c = ConfigLoader.parse(new String[] {"--seq-len=64", "--sequence-lenght=9"}).config();
        c.integer("seq-len", 0);
        ConfigException e = assertThrows(ConfigException.class, c::requireAllUsed);
        assertTrue(e.getMessage().contains("'sequence-lenght'"), e.getMessage());
        assertTrue(e.getMessage().contains("command line"), e.getMessage());
        assertTrue(e.getMessage().contains("seq-len"), "lists known keys: " + e.getMessage());
    }

    @Test
    void badValuesNameKeyAndExpectation() {
        ConfigMap c = ConfigMap.of(Map.of("seq-len", "12x", "mask-prob", "1.5", "objective", "gan", "nsp", "maybe"));
        assertTrue(assertThrows(ConfigException.class, () -> c.integer("seq-len", 0))
                .getMessage().contains("'seq-len' has bad value '12x'"));
        assertTrue(assertThrows(ConfigException.class, () -> c.number("mask-prob", 0, 0, 1))
                .getMessage().contains("'mask-prob'"));
        assertTrue(assertThrows(ConfigException.class, () -> c.choice("objective", "clm", "clm", "mlm"))
                .getMessage().contains("clm|mlm"));
        assertTrue(assertThrows(ConfigException.class, () -> c.bool("nsp", false)).getMessage().contains("'nsp'"));
        assertTrue(assertThrows(ConfigException.class, () -> c.requiredString("output"))
                .getMessage().contains("'output'"));
    }

    @Test
    void integerSuffixesAndRange() {
        ConfigMap c = ConfigMap.of(Map.of("max-steps", "2k", "big", "1_000_000", "small", "-1"));
        assertEquals(2000, c.integer("max-steps", 0));
        assertEquals(1_000_000L, c.longValue("big", 0, 0, Long.MAX_VALUE));
        assertThrows(ConfigException.class, () -> c.integer("small", 1, 0, 10));
    }

    @Test
    void missingPresetAndMalformedLineAreClear(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(new String[] {"--preset=no-such-preset"}));
        assertTrue(e.getMessage().contains("no-such-preset"));
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "ok = 1\njust words\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(new String[] {"--config", bad.toString()}));
        assertTrue(e.getMessage().contains("bad.conf:2"), e.getMessage());
    }

    @Test
    void effectiveConfigHashIsStableAndSensitive() {
        EffectiveConfig a = new EffectiveConfig(Map.of("seq-len", 128, "seed", 1));
        EffectiveConfig b = new EffectiveConfig(Map.of("seed", 1, "seq-len", 128));
        EffectiveConfig c = new EffectiveConfig(Map.of("seed", 2, "seq-len", 128));
        assertEquals(a.toJson(), b.toJson());
        assertEquals(a.hash(), b.hash());
        assertNotEquals(a.hash(), c.hash());
        assertFalse(a.toJson().isBlank());
    }
}
