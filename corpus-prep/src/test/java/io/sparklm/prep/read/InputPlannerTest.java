package io.sparklm.prep.read;

import io.sparklm.config.ConfigLoader;
import io.sparklm.prep.InputOptions;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputPlannerTest {
    @TempDir
    Path dir;

    static InputOptions options(String... kv) {
        return InputOptions.from(ConfigLoader.parse(kv).config());
    }

    @Test
    void fewBigFilesAreCutSmallerSoEveryCoreGetsTwoSplits() throws Exception {
        Path f = dir.resolve("big.jsonl");
        Files.write(f, new byte[3 << 20]);
        InputPlan plan = InputPlanner.plan(options("input=" + f, "format=jsonl"), new Configuration(), 2);
        assertEquals(3 << 20, plan.bytes());
        assertEquals(3, plan.splits().size(), "32 MiB splits give 1 < 2 per core: re-planned at 1 MiB");
        assertEquals(3, plan.readTasks(32, 2), "never more read tasks than splits");
    }

    @Test
    void wholeFilesAndSmallInputsKeepTheirSplits() throws Exception {
        Path a = dir.resolve("a.txt"), b = dir.resolve("b.txt");
        Files.write(a, new byte[3 << 20]);
        Files.writeString(b, "small");
        InputPlan whole = InputPlanner.plan(options("input=" + dir), new Configuration(), 2);
        assertEquals(2, whole.splits().size(), "doc-split=file: one split per file");
        assertEquals((3 << 20) + 5, whole.bytes());
        InputPlan lines = InputPlanner.plan(options("input=" + b, "doc-split=line"), new Configuration(), 2);
        assertEquals(1, lines.splits().size(), "2 MiB or less is not re-planned");
        assertEquals(5, lines.bytes());
    }

    @Test
    void readTasksFollowTheInputSize() {
        InputPlan plan = InputPlan.of(java.util.Collections.nCopies(100,
                new InputSplit(0, "file:/x", 0, 8L << 20, 8L << 20, false)));
        assertEquals(800L << 20, plan.bytes());
        assertEquals(26, plan.readTasks(32, 2), "800 MiB / 32 MiB + 1");
        assertEquals(16, plan.readTasks(1024, 8), "at least 2 per core");
    }
}
