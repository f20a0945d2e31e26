package io.sparklm.model.kernels;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ForkJoinPool;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * Whether the JDK Vector API kernels ({@code VectorRowKernels}) can run in this JVM, and the row-chunk parallelism
 * they use. They need module {@code jdk.incubator.vector} (JVM flag {@code --add-modules=jdk.incubator.vector}, in
 * conf/jvm.args, so in every script, test and Spark executor launched by this project); without it, or with system
 * property {@code sparklm.kernels=nd4j}, the ND4J kernels run instead (same results within float rounding).
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = detect();

    private VectorSupport() {}

    /** True when the vector kernels can be used. */
    static boolean available() {
        return AVAILABLE;
    }

    /** New vector kernels; only when {@link #available()}. */
    static RowKernels newKernels() {
        try {
            return (RowKernels) Class.forName("io.sparklm.model.kernels.VectorRowKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("vector kernels unavailable", e);
        }
    }

    /**
     * Runs {@code chunk} for chunk indexes {@code 0..chunks-1}, on the calling thread when there is one chunk, else
     * in the common fork-join pool; {@link #chunks} sizes them like ND4J's own thread count.
     */
    static void forEachChunk(int chunks, LongConsumer chunk) {
        if (chunks <= 1) {
            chunk.accept(0);
        } else {
            LongStream.range(0, chunks).parallel().forEach(chunk);
        }
    }

    /** How many chunks {@code work} elements split into: ND4J's thread count, at most one per 32k elements. */
    static int chunks(long work) {
        int threads = Math.min(Nd4j.getEnvironment().maxMasterThreads(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return (int) Math.max(1, Math.min(threads, work / 32_768));
    }

    private static boolean detect() {
        String choice = System.getProperty("sparklm.kernels", "auto");
        if (!choice.equals("auto") && !choice.equals("nd4j")) {
            throw new IllegalArgumentException("system property sparklm.kernels must be auto or nd4j, got '"
                    + choice + "'");
        }
        if (choice.equals("nd4j")) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            newKernels();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
