package io.sparklm.finetune;

import io.sparklm.cli.DataException;
import io.sparklm.config.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelled JSON lines, the label set, the prepared files and the class weights. */
class FinetuneDataTest {
    @TempDir
    java.nio.file.Path tmp;

    static LabelledText t(String text, String label) {
        return new LabelledText(text, null, label);
    }

    @Test
    void jsonLinesNeedTextAndLabelAndNameTheBadLine() throws Exception {
        List<LabelledText> ok = LabelledJsonl.read(new StringReader(
                "{\"text\": \"a b\", \"label\": \"spam\", \"id\": 3}\n\n{\"text\": \"c\", \"text-pair\": \"d\", \"label\": 2}\n"),
                "x", true);
        assertEquals(List.of(new LabelledText("a b", null, "spam"), new LabelledText("c", "d", "2")), ok);
        DataException e = assertThrows(DataException.class, () -> LabelledJsonl.read(new StringReader(
                "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\"}\n"), "f.jsonl", true));
        assertEquals("f.jsonl:2: no \"label\" (a string or number)", e.getMessage());
        assertTrue(assertThrows(DataException.class, () -> LabelledJsonl.parse("[1]", "f:1", true)).getMessage()
                .contains("not a JSON object"));
        assertNull(LabelledJsonl.parse("{\"text\": \"x\"}", "f:1", false).label(), "classify input needs no label");
    }

    @Test
    void labelsAreOrderedNumericallyWhenAllAreIntegers() {
        assertEquals(List.of("-1", "2", "10"), FinetuneData.labelSet(List.of(t("a", "10"), t("b", "2"), t("c", "-1"))));
        assertEquals(List.of("10", "2", "x"), FinetuneData.labelSet(List.of(t("a", "10"), t("b", "2"), t("c", "x"))));
    }

    @Test
    void preparedFilesAreContentAddressedAndForeignValidationLabelsRefused() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        ExampleEncoder enc = new ExampleEncoder(ClassificationDataTest.BPE, true, 16);
        List<LabelledText> train = List.of(t("the cat", "pos"), t("the dog", "neg"), t("the bird sang", "pos"),
                t(ClassificationDataTest.TEXT, "pos"));
        FinetuneData d = FinetuneData.prepare(train, List.of(t("the mat", "neg")), enc, fs, out);
        assertEquals(List.of("neg", "pos"), d.labels());
        assertArrayEquals(new long[] {1, 3}, d.train().perLabel());
        assertEquals(1, d.train().truncated());
        assertTrue(d.train().uri().endsWith("/data/train-" + d.train().sha256().substring(0, 16) + ".examples"));
        assertEquals(4, ExampleFile.header(fs, new Path(d.train().uri())).records());
        FinetuneData again = FinetuneData.prepare(train, List.of(t("the mat", "neg")), enc, fs, out);
        assertEquals(d.train().uri(), again.train().uri(), "the same data, the same file");
        DataException e = assertThrows(DataException.class,
                () -> FinetuneData.prepare(train, List.of(t("x", "maybe")), enc, fs, out));
        assertTrue(e.getMessage().contains("'maybe'"), e.getMessage());
        assertThrows(DataException.class, () -> FinetuneData.prepare(List.of(t("a", "x"), t("b", "x")),
                List.of(t("c", "x")), enc, fs, out), "one label is no classification");

        assertArrayEquals(new double[] {2.0, 2.0 / 3}, FinetuneConfig.classWeights("auto", d), 1e-12,
                "n / (C n_c): 4 / (2 * 1) and 4 / (2 * 3)");
        assertNull(FinetuneConfig.classWeights("none", d));
        assertArrayEquals(new double[] {0.5, 3}, FinetuneConfig.classWeights("0.5, 3", d), 0);
        assertThrows(ConfigException.class, () -> FinetuneConfig.classWeights("1,2,3", d));
        assertThrows(ConfigException.class, () -> FinetuneConfig.classWeights("1,-2", d));
    }
}
