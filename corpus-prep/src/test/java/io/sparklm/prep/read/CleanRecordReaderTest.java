package io.sparklm.prep.read;

import io.sparklm.config.ConfigLoader;
import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.prep.seq.DocHash;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CleanRecordReaderTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordOfEverySplitIsADocumentOrASkipReason() throws Exception {
        Path good = dir.resolve("a.jsonl"), bad = dir.resolve("b.jsonl");
        Files.writeString(good, "{\"text\": \"  first doc \"}\n[1]\n\n{\"text\": \"<p>x</p>\"}\n");
        Files.write(bad, new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
        InputOptions in = InputOptions.from(ConfigLoader.parse(new String[]{"input=" + dir, "format=jsonl"}).config());
        assertEquals(SplitReader.Mode.LINE, CleanRecordReader.mode(in));
        List<InputSplit> splits = new ArrayList<>(InputPlanner.plan(in, new Configuration(), 2).splits());
        splits.add(new InputSplit(9, dir.resolve("missing.jsonl").toUri().toString(), 0, 10, 10, false));
        List<CleanRecord> out = new ArrayList<>();
        new CleanRecordReader(splits.iterator(), new Configuration(), CleanRecordReader.mode(in), in.maxRecordBytes(),
                CleanRecordReader.cleaner(in)).forEachRemaining(out::add);
        assertEquals(List.of(CleanRecord.document("first doc"), CleanRecord.skipped("not_object"),
                CleanRecord.skipped("empty"), CleanRecord.document("<p>x</p>"), CleanRecord.skipped("invalid_utf8"),
                CleanRecord.skipped(SplitReader.UNREADABLE_FILE)), out);
        assertEquals(DocHash.of("first doc"), out.get(0).hash());
        assertTrue(out.get(1).isSkipped() && !out.get(0).isSkipped());
    }

    @Test
    void docSplitChoosesTheRecordMode() {
        assertEquals(SplitReader.Mode.FILE, CleanRecordReader.mode(options()));
        assertEquals(SplitReader.Mode.PARAGRAPH, CleanRecordReader.mode(options("doc-split=blank-line")));
        assertEquals(SplitReader.Mode.LINE, CleanRecordReader.mode(options("doc-split=line")));
    }

    static InputOptions options(String... kv) {
        List<String> args = new ArrayList<>(List.of("input=x"));
        args.addAll(List.of(kv));
        return InputOptions.from(ConfigLoader.parse(args.toArray(new String[0])).config());
    }
}
