package io.sparklm.model.kernels;

import io.sparklm.model.kernels.VectorSupport;
import io.sparklm.model.kernels.RowKernels;
import io.sparklm.model.kernels.Nd4jRowKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link RowKernels} implementation meets: on float inputs it agrees with the ND4J kernels run in
 * double precision on the same values (the reference the runtimes are tested against in {@code RowsRuntimeTest}),
 * within float rounding; on odd sizes (vector tails), extreme values, masked rows, views with an offset and
 * arrays it cannot take directly ('f' order). The vector kernels must be the ones this JVM runs (conf/jvm.args
 * loads the module), and their results must not depend on the thread count.
 */
class RowKernelsContractTest {
    private static final double TOL = 2e-5;

    static List<Supplier<RowKernels>> implementations() {
        return List.of(Nd4jRowKernels::new, VectorSupport::newKernels);
    }

    @Test
    void vectorKernelsRunForFloatAndNd4jForDouble() {
        assertTrue(VectorSupport.available(), "jdk.incubator.vector must be loaded (conf/jvm.args)");
        assertEquals("vector", RowKernels.forType(DataType.FLOAT).name());
        assertEquals("nd4j", RowKernels.forType(DataType.DOUBLE).name());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void softmaxMatchesReference(Supplier<RowKernels> impl) {
        INDArray x = random(37, 300, 1, 20.0);                     // rows with a tail, logits up to +-20 * 3
        check(x, 1e-30, (k, a) -> k.softmax(a, 0.125, false), impl);
        INDArray masked = random(11, 29, 2, 3.0);
        masked.putScalar(3, 5, -1e9);                              // key-padding style entries (never a whole
        masked.putScalar(4, 0, -1e9);                              // row: ND4J's double softmax gives NaN there)
        check(masked, 1e-30, (k, a) -> k.softmax(a, 1.0, false), impl);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void biasSoftmaxMatchesReference(Supplier<RowKernels> impl) {
        INDArray x = random(23, 301, 9, 6.0);                      // LM-head-like rows with a tail
        INDArray bias = random(1, 301, 10, 4.0);
        INDArray want = x.castTo(DataType.DOUBLE).addiRowVector(bias.castTo(DataType.DOUBLE));
        new Nd4jRowKernels().softmax(want, 1.0, false);
        INDArray flat = Nd4j.create(DataType.FLOAT, 1, 400);       // bias as a view with an offset, as in DL4J's
        INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(50, 351)).reshape(1, 301);
        view.assign(bias);                                         // flat parameter vector
        impl.get().biasSoftmax(x, view);
        assertClose(want, x, 1e-30, "bias softmax");
        assertEquals(bias, view, "the bias is not modified");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void causalSoftmaxZeroesKeysAfterTheQuery(Supplier<RowKernels> impl) {
        int t = 13;
        INDArray x = random(2 * 3 * t, t, 3, 4.0);
        INDArray out = check(x, 1e-30, (k, a) -> k.softmax(a, 0.3, true), impl);
        for (int r = 0; r < out.rows(); r++) {
            for (int j = r % t + 1; j < t; j++) {
                assertEquals(0.0, out.getDouble(r, j), 0.0, "row " + r + " key " + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void softmaxBackwardMatchesReference(Supplier<RowKernels> impl) {
        INDArray p = random(29, 45, 4, 2.0);
        new Nd4jRowKernels().softmax(p, 1.0, false);
        INDArray dp = random(29, 45, 5, 1.0);
        INDArray want = dp.castTo(DataType.DOUBLE);
        new Nd4jRowKernels().softmaxBackward(p.castTo(DataType.DOUBLE), want, 0.25, new ScratchArrays());
        INDArray got = dp.dup();
        impl.get().softmaxBackward(p.dup(), got, 0.25, new ScratchArrays());
        assertClose(want, got, 1e-7, "softmax backward");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void geluForwardAndBackwardMatchReference(Supplier<RowKernels> impl) {
        INDArray u = random(31, 77, 6, 3.0);
        u.putScalar(0, 0, 40.0);                                   // saturated both ways
        u.putScalar(0, 1, -40.0);
        u.putScalar(0, 2, 0.0);
        INDArray dh = random(31, 77, 7, 1.0);
        INDArray ud = u.castTo(DataType.DOUBLE);
        INDArray sWant = ud.ulike();
        INDArray hWant = ud.ulike();
        RowKernels ref = new Nd4jRowKernels();
        ref.geluForward(ud, sWant, hWant);
        INDArray duWant = dh.castTo(DataType.DOUBLE);
        ref.geluBackward(duWant, ud, sWant, ud.ulike());
        RowKernels k = impl.get();
        INDArray s = u.ulike();
        INDArray h = u.ulike();
        k.geluForward(u, s, h);
        INDArray du = dh.dup();
        k.geluBackward(du, u, s, u.ulike());
        assertClose(sWant, s, 1e-7, "gelu sigmoid");
        assertClose(hWant, h, 1e-6, "gelu");
        assertClose(duWant, du, 1e-6, "gelu backward");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void layerNormForwardAndBackwardMatchReference(Supplier<RowKernels> impl) {
        int n = 23;
        int d = 70;
        INDArray x = random(n, d, 8, 2.0).addi(3.0);               // non-zero mean
        INDArray gain = random(1, d, 9, 1.0);
        INDArray bias = random(1, d, 10, 1.0);
        INDArray dy = random(n, d, 11, 1.0);
        INDArray[] want = layerNorm(new Nd4jRowKernels(), x.castTo(DataType.DOUBLE), gain.castTo(DataType.DOUBLE),
                bias.castTo(DataType.DOUBLE), dy.castTo(DataType.DOUBLE));
        INDArray[] got = layerNorm(impl.get(), x, gain, bias, dy);
        String[] names = {"xhat", "rstd", "y", "dx", "dGain", "dBias"};
        for (int i = 0; i < names.length; i++) {
            assertClose(want[i], got[i], 1e-5, "layer norm " + names[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void viewsWithOffsetAndFOrderArraysAreHandled(Supplier<RowKernels> impl) {
        INDArray big = random(40, 33, 12, 3.0);
        INDArray view = big.get(NDArrayIndex.interval(7, 19), NDArrayIndex.all());   // contiguous, offset 7*33
        INDArray before = big.dup();
        check(view, 1e-30, (k, a) -> k.softmax(a, 1.0, false), impl);
        assertEquals(before.get(NDArrayIndex.interval(0, 7), NDArrayIndex.all()),
                big.get(NDArrayIndex.interval(0, 7), NDArrayIndex.all()), "rows before the view untouched");
        assertEquals(before.get(NDArrayIndex.interval(19, 40), NDArrayIndex.all()),
                big.get(NDArrayIndex.interval(19, 40), NDArrayIndex.all()), "rows after the view untouched");
        check(random(9, 21, 13, 3.0).dup('f'), 1e-30, (k, a) -> k.softmax(a, 0.5, false), impl);
    }

    @Test
    void vectorResultsDoNotDependOnTheThreadCount() {
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        INDArray u = random(512, 300, 14, 3.0);
        INDArray[] runs = new INDArray[2];
        try {
            for (int i = 0; i < 2; i++) {
                Nd4j.getEnvironment().setMaxMasterThreads(i == 0 ? 1 : 4);
                RowKernels k = VectorSupport.newKernels();
                INDArray a = u.dup();
                k.softmax(a, 0.7, true);
                INDArray s = u.ulike();
                INDArray h = u.ulike();
                k.geluForward(u, s, h);
                runs[i] = Nd4j.concat(0, a, h);
            }
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
        assertArrayEquals(runs[0].data().asFloat(), runs[1].data().asFloat(), 0f);
    }

    private interface Kernel {
        void apply(RowKernels k, INDArray a);
    }

    /** Runs {@code kernel} in place on a float copy (implementation) and a double copy (ND4J); returns the float one. */
    private static INDArray check(INDArray x, double floor, Kernel kernel, Supplier<RowKernels> impl) {
        INDArray want = x.castTo(DataType.DOUBLE);
        kernel.apply(new Nd4jRowKernels(), want);
        kernel.apply(impl.get(), x);
        assertClose(want, x, floor, "in-place kernel");
        return x;
    }

    private static INDArray[] layerNorm(RowKernels k, INDArray x, INDArray gain, INDArray bias, INDArray dy) {
        long n = x.rows();
        long d = x.columns();
        DataType dt = x.dataType();
        INDArray xhat = Nd4j.create(dt, n, d);
        INDArray rstd = Nd4j.create(dt, n, 1);
        INDArray y = Nd4j.create(dt, n, d);
        ScratchArrays scratch = new ScratchArrays();
        k.layerNormForward(x, gain, bias, 1e-5, xhat, rstd, y, scratch);
        INDArray dx = Nd4j.create(dt, n, d);
        INDArray dGain = Nd4j.create(dt, 1, d);
        INDArray dBias = Nd4j.create(dt, 1, d);
        k.layerNormBackward(dy.dup(), xhat, rstd, gain, dx, dGain, dBias, scratch);
        return new INDArray[]{xhat, rstd, y, dx, dGain, dBias};
    }

    /** Float {@code got} within {@link #TOL} relative (or {@code floor} absolute) of double {@code want}. */
    private static void assertClose(INDArray want, INDArray got, double floor, String what) {
        assertEquals(want.length(), got.length(), what + " length");
        double[] w = want.dup('c').data().asDouble();
        double[] g = got.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < w.length; i++) {
            double err = Math.abs(w[i] - g[i]);
            assertTrue(err <= TOL * Math.abs(w[i]) + floor, what + " element " + i + ": want " + w[i] + " got " + g[i]);
        }
    }

    private static INDArray random(int rows, int cols, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Nd4j.create(v, new long[]{rows, cols}, 'c');
    }
}
