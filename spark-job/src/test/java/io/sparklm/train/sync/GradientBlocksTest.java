package io.sparklm.train.sync;

import io.sparklm.train.SparkHangTimeout;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GradientBlocks} on Spark local[2]: arrays of several 4 MB chunks put by tasks arrive on the driver exactly
 * (a copy, then an in-place add in worker order), each block is removed once read, and reading a removed block
 * reports it gone instead of failing.
 */
@SparkHangTimeout
class GradientBlocksTest {
    static JavaSparkContext sc;
    static final int N = 2_500_000; // 10 MB of floats: three chunks, the last one partial

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(TrainingMasters.withAeronOptions(new SparkConf().setMaster("local[2]")
                .setAppName("sparklm-gradient-blocks-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** Worker w's array: value i * (w + 1) / 7 at index i. */
    static float value(int w, int i) {
        return i * (w + 1) / 7f;
    }

    /** Puts worker w's array into the task's block manager and returns the block id. */
    static final class PutArray implements FlatMapFunction<Iterator<Integer>, Long> {
        @Override
        public Iterator<Long> call(Iterator<Integer> workers) {
            int w = workers.next();
            float[] a = new float[N];
            for (int i = 0; i < N; i++) {
                a[i] = value(w, i);
            }
            return List.of(GradientBlocks.put(Nd4j.createFromArray(a).reshape(1, N))).iterator();
        }
    }

    @Test
    void arraysArriveExactlyInWorkerOrderAndEachBlockIsReadOnce() {
        List<Long> ids = sc.parallelize(List.of(0, 1), 2).mapPartitions(new PutArray()).collect();
        assertEquals(2, ids.size());
        INDArray sum = Nd4j.create(DataType.FLOAT, 1, N);
        assertTrue(GradientBlocks.read(ids.get(0), sum, false));
        assertTrue(GradientBlocks.read(ids.get(1), sum, true));
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            expected[i] = value(0, i) + value(1, i);
        }
        assertArrayEquals(expected, sum.toFloatVector());
        assertFalse(GradientBlocks.read(ids.get(0), sum, false), "a block is removed once read");
        assertArrayEquals(expected, sum.toFloatVector(), "reading a missing block leaves the target alone");
    }
}
