package io.sparklm.batch;

import io.sparklm.model.TinyModels;
import io.sparklm.model.ModelConfig;
import io.sparklm.batch.MaskingSpec;
import io.sparklm.batch.Batches;
import io.sparklm.config.ConfigMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes, shifted GPT targets, padding masks, static and dynamic MLM labels, NSP labels, bad input. */
class BatchesTest {

    @Test
    void gptTargetsAreNextTokensAndPaddingIsNotPredicted() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "float", 0).withData(11, 5, 1);
        MultiDataSet mds = Batches.toMultiDataSet(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}}, null, null, null,
                m, null, 1, 0);
        assertArrayEquals(new long[]{2, 5}, mds.getFeatures(0).shape());
        assertArrayEquals(new long[]{2, 1, 5}, mds.getLabels(0).shape());
        assertEquals(4.0, mds.getLabels(0).getDouble(0, 0, 0));
        assertEquals(7.0, mds.getLabels(0).getDouble(0, 0, 3));
        INDArray lm = mds.getLabelsMaskArray(0);
        assertArrayEquals(new float[]{1, 1, 1, 1, 0}, lm.getRow(0).toFloatVector());
        assertArrayEquals(new float[]{1, 1, 0, 0, 0}, lm.getRow(1).toFloatVector());
        assertArrayEquals(new float[]{1, 1, 1, 0, 0}, mds.getFeaturesMaskArray(0).getRow(1).toFloatVector());
        assertEquals(6, Batches.predictedTokens(mds));
    }

    @Test
    void gptLossWithinDocumentsSkipsTargetsInTheNextDocument() {
        Map<String, String> kv = new java.util.HashMap<>(Map.of("family", "gpt", "d-model", "8", "n-heads", "2",
                "n-layers", "1"));
        int[][] ids = {{3, 4, 0, 6, 7, 0}};      // 0 = EOS: "3 4 EOS" then "6 7 EOS"
        int[][] segs = {{0, 0, 0, 1, 1, 1}};     // corpus-prep: document index per token, EOS ends its document
        ModelConfig all = ModelConfig.from(ConfigMap.of(kv), 11, 6);
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 0},
                Batches.toMultiDataSet(ids, null, segs, null, all, null, 1, 0).getLabelsMaskArray(0).toFloatVector());
        kv.put("loss-within-documents", "true");
        ModelConfig within = ModelConfig.from(ConfigMap.of(kv), 11, 6);
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, segs, null, within, null, 1, 0);
        assertArrayEquals(new float[]{1, 1, 0, 1, 1, 0}, mds.getLabelsMaskArray(0).toFloatVector(),
                "EOS -> first token of the next document is not a target");
        assertEquals(4, Batches.predictedTokens(mds));
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 0},
                Batches.toMultiDataSet(ids, null, null, null, within, null, 1, 0).getLabelsMaskArray(0)
                        .toFloatVector(), "without segment ids every next token is a target");
    }

    @Test
    void bertStaticLabelsSegmentsAndNsp() {
        ModelConfig m = TinyModels.bert(11, 6, 8, 1, 2, true, 0);
        MultiDataSet mds = Batches.toMultiDataSet(new int[][]{{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}},
                new int[][]{{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}},
                new int[][]{{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}}, new int[]{1, -1}, m, null, 1, 0);
        assertEquals(2, mds.getFeatures().length);
        assertArrayEquals(new float[]{0, 0, 0, 0, 1, 1}, mds.getFeatures(1).getRow(0).toFloatVector());
        assertArrayEquals(new float[]{0, 1, 0, 0, 1, 0}, mds.getLabelsMaskArray(0).getRow(0).toFloatVector());
        assertEquals(6.0, mds.getLabels(0).getDouble(0, 0, 1));
        assertEquals(10.0, mds.getLabels(0).getDouble(1, 0, 2));
        assertArrayEquals(new float[]{1, 1, 1, 1, 0, 0}, mds.getFeaturesMaskArray(1).getRow(1).toFloatVector());
        assertEquals(1.0, mds.getLabels(1).getDouble(0, 0));
        assertArrayEquals(new float[]{1, 0}, mds.getLabelsMaskArray(1).reshape(2).toFloatVector());
    }

    @Test
    void dynamicMaskingIsSeededAndFollows801010() {
        int vocab = 1000;
        MaskingSpec spec = new MaskingSpec(0.15, 4, vocab, new int[]{0, 1, 2, 3, 4});
        int n = 200_000;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 50 == 0 ? 2 : 5 + (i * 7919) % (vocab - 5);
        }
        int[] a = ids.clone();
        int[] la = spec.apply(a, 42, 7, 3);
        int[] b = ids.clone();
        int[] lb = spec.apply(b, 42, 7, 3);
        assertArrayEquals(a, b);
        assertArrayEquals(la, lb);
        int[] c = ids.clone();
        spec.apply(c, 42, 8, 3);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(c), "other step, other masks");
        int selected = 0, masked = 0, kept = 0, maskable = 0;
        for (int i = 0; i < n; i++) {
            if (ids[i] == 2) {
                assertEquals(-1, la[i], "specials are never selected");
                assertEquals(2, a[i]);
                continue;
            }
            maskable++;
            if (la[i] >= 0) {
                selected++;
                assertEquals(ids[i], la[i]);
                if (a[i] == 4) masked++;
                else if (a[i] == ids[i]) kept++;
                else assertTrue(spec.maskable(a[i]), "random replacement is never special");
            } else {
                assertEquals(ids[i], a[i]);
            }
        }
        assertEquals(0.15, selected / (double) maskable, 0.005);
        assertEquals(0.8, masked / (double) selected, 0.01);
        assertEquals(0.1, kept / (double) selected, 0.01);
    }

    @Test
    void dynamicMaskingInBatchesUsesRecordIndex() {
        ModelConfig m = TinyModels.bert(50, 32, 8, 1, 2, false, 0);
        MaskingSpec spec = new MaskingSpec(0.3, 4, 50, new int[]{0, 1, 2, 3, 4});
        int[] row = new int[32];
        for (int i = 0; i < 32; i++) row[i] = 5 + i;
        MultiDataSet x = Batches.toMultiDataSet(new int[][]{row, row}, null, null, null, m, spec, 9, 0);
        MultiDataSet y = Batches.toMultiDataSet(new int[][]{row, row}, null, null, null, m, spec, 9, 0);
        assertEquals(x.getFeatures(0), y.getFeatures(0));
        assertEquals(x.getLabelsMaskArray(0), y.getLabelsMaskArray(0));
        assertNotEquals(x.getLabelsMaskArray(0).getRow(0), x.getLabelsMaskArray(0).getRow(1));
        assertEquals(5, row[0], "input arrays are not modified");
    }

    @Test
    void badInputIsRejectedClearly() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "float", 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Batches.toMultiDataSet(new int[][]{{1, 2, 3}}, null, null, null, m, null, 1, 0));
        assertTrue(e.getMessage().contains("seq-len 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Batches.toMultiDataSet(new int[][]{{1, 2, 3, 4, 11}}, null, null, null, m, null, 1, 0));
        assertTrue(e.getMessage().contains("outside vocabulary"), e.getMessage());
        ModelConfig bert = TinyModels.bert(11, 5, 8, 1, 2, false, 0);
        assertThrows(IllegalArgumentException.class,
                () -> Batches.toMultiDataSet(new int[][]{{1, 2, 3, 4, 5}}, null, null, null, bert, null, 1, 0));
    }
}
