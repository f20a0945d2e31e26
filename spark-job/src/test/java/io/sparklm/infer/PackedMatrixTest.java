package io.sparklm.infer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PackedMatrix#multiply} against a double-precision product: single rows, blocks of four plus a remainder,
 * a column count that is not a multiple of the panel width, strided input rows, and products large enough to split
 * across threads; a row's result is the same bits whichever way it was computed.
 */
class PackedMatrixTest {
    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void multipliesLikeTheDoubleProductForAnyRowCount() {
        for (int[] shape : new int[][] {{5, 3}, {32, 96}, {64, 8005}}) {
            int k = shape[0];
            int n = shape[1];
            float[] w = random(k * n, 1);
            PackedMatrix pm = new PackedMatrix(w, k, n);
            assertEquals(0, pm.paddedColumns() % PackedMatrix.PANEL);
            int ldx = k + 3;
            int m = 7;
            float[] x = random(m * ldx, 2);
            int ld = pm.paddedColumns();
            float[] all = new float[m * ld];
            pm.multiply(x, ldx, m, all, ld);
            for (int r = 0; r < m; r++) {
                float[] one = new float[ld];
                pm.multiply(Arrays.copyOfRange(x, r * ldx, r * ldx + k), k, 1, one, ld);
                assertArrayEquals(Arrays.copyOfRange(all, r * ld, (r + 1) * ld), one, 0f,
                        "row " + r + " alone = in a block, " + k + " x " + n);
                for (int c = 0; c < ld; c++) {
                    double want = 0;
                    for (int j = 0; c < n && j < k; j++) {
                        want += (double) x[r * ldx + j] * w[j * n + c];
                    }
                    assertEquals(want, one[c], 1e-5 * Math.sqrt(k), "row " + r + " column " + c);
                }
            }
        }
    }
}
