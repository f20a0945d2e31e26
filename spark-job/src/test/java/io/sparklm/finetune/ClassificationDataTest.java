package io.sparklm.finetune;

import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokenization with special tokens, pairs, truncation, then padding, masks, segments and labels of a batch. */
class ClassificationDataTest {
    static final String TEXT = "the cat sat on the mat and the dog sat on the log while the bird sang";
    static final Tokenizer BPE = TestTokenizers.bpe(TEXT, 280);
    static final Tokenizer WORDPIECE = TestTokenizers.wordPiece(TEXT, 60);

    static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void gptTextsEndWithTheEndOfDocumentTokenAndPairsStartSegmentOneAfterIt() {
        int eos = SpecialTokens.of(BPE).eos();
        ExampleEncoder enc = new ExampleEncoder(BPE, true, 64);
        int[] a = BPE.encode("the cat sat", false);
        int[] b = BPE.encode("on the mat", false);
        ExampleEncoder.Encoded one = enc.encode("the cat sat", null, 1);
        assertArrayEquals(concat(a, new int[] {eos}), one.example().ids());
        assertEquals(a.length + 1, one.example().segmentStart(), "no second segment");
        assertEquals(1, one.example().label());
        assertFalse(one.truncated());
        Example pair = enc.encode("the cat sat", "on the mat", 0).example();
        assertArrayEquals(concat(a, new int[] {eos}, b, new int[] {eos}), pair.ids());
        assertEquals(a.length + 1, pair.segmentStart());
    }

    @Test
    void truncationKeepsTheSpecialTokensAndCutsTheEndOfTheText() {
        int eos = SpecialTokens.of(BPE).eos();
        int[] full = BPE.encode(TEXT, false);
        assertTrue(full.length > 9, "the text is longer than the window");
        ExampleEncoder.Encoded e = new ExampleEncoder(BPE, true, 8).encode(TEXT, null, 0);
        assertTrue(e.truncated());
        assertArrayEquals(concat(Arrays.copyOf(full, 7), new int[] {eos}), e.example().ids());
    }

    @Test
    void bertPairsUseTheTemplateAndTruncateLongestFirst() {
        int cls = WORDPIECE.tokenToId("[CLS]");
        int sep = WORDPIECE.tokenToId("[SEP]");
        int[] a = WORDPIECE.encode("the cat sat on the mat and the dog sat", false);
        int[] b = WORDPIECE.encode("the", false);
        assertTrue(a.length > 6 && b.length <= 5, "a long A, a short B");
        ExampleEncoder enc = new ExampleEncoder(WORDPIECE, false, 3 + 5 + b.length);
        Example e = enc.encode("the cat sat on the mat and the dog sat", "the", 0).example();
        // the longer text is cut to what the shorter leaves: 5 of A, all of B
        assertArrayEquals(concat(new int[] {cls}, Arrays.copyOf(a, 5), new int[] {sep}, b, new int[] {sep}),
                e.ids());
        assertEquals(1 + 5 + 1, e.segmentStart(), "segment 1 starts with B");
        // both longer than half of the 7 tokens left: A keeps 3, B 4 (HF gives the odd one to the second)
        Example both = new ExampleEncoder(WORDPIECE, false, 10)
                .encode("the cat sat on the mat and the dog sat", "the cat sat on the mat and the dog sat", 0)
                .example();
        assertArrayEquals(concat(new int[] {cls}, Arrays.copyOf(a, 3), new int[] {sep}, Arrays.copyOf(a, 4),
                new int[] {sep}), both.ids());
        assertEquals(5, both.segmentStart());
        Example single = new ExampleEncoder(WORDPIECE, false, 16).encode("the cat", null, 1).example();
        assertArrayEquals(concat(new int[] {cls}, WORDPIECE.encode("the cat", false), new int[] {sep}), single.ids());
        assertEquals(single.ids().length, single.segmentStart());
    }

    @Test
    void bertNeedsATemplateTokenizerAndTheWindowMustHoldText() {
        assertThrows(IllegalArgumentException.class, () -> new ExampleEncoder(BPE, false, 16));
        assertThrows(IllegalArgumentException.class, () -> new ExampleEncoder(WORDPIECE, false, 4));
    }

    @Test
    void batchesArePaddedMaskedSegmentedAndOneHot() {
        List<Example> ex = List.of(new Example(new int[] {5, 6, 7}, 3, 1), new Example(new int[] {5, 8, 9, 10, 11}, 3, 0),
                new Example(new int[] {4}, 1, -1));
        MultiDataSet bert = ClassBatches.toMultiDataSet(ex, true, 6, 3, 2, "float");
        assertArrayEquals(new float[] {5, 6, 7, 2, 2, 2}, bert.getFeatures(0).getRow(0).toFloatVector());
        assertArrayEquals(new float[] {4, 2, 2, 2, 2, 2}, bert.getFeatures(0).getRow(2).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0}, bert.getFeatures(1).getRow(1).toFloatVector(),
                "segment 1 from the segment start to the end of the example");
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0}, bert.getFeaturesMaskArray(0).getRow(1).toFloatVector());
        assertArrayEquals(bert.getFeaturesMaskArray(0).toFloatMatrix(), bert.getFeaturesMaskArray(1).toFloatMatrix());
        assertArrayEquals(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}}, bert.getLabels(0).toFloatMatrix());
        assertArrayEquals(new float[][] {{1}, {1}, {0}}, bert.getLabelsMaskArray(0).toFloatMatrix(),
                "unlabelled examples are not predicted");
        MultiDataSet gpt = ClassBatches.toMultiDataSet(ex, false, 6, 3, -1, "double");
        assertEquals(1, gpt.getFeatures().length, "gpt has no segments input");
        assertArrayEquals(new double[] {5, 6, 7, 0, 0, 0}, gpt.getFeatures(0).getRow(0).toDoubleVector(),
                "no pad token: id 0 under a 0 mask");
        assertThrows(IllegalArgumentException.class,
                () -> ClassBatches.toMultiDataSet(ex, false, 4, 3, 0, "float"), "longer than max-length");
    }
}
