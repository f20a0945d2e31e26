package io.sparklm.perf;

import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.Properties;

/** Which ND4J native flavour (jar classifier) and how many OpenMP / BLAS threads this JVM runs with. */
public final class NativeInfo {
    private NativeInfo() {}

    /** The nd4j-native classifier found on the class path, e.g. {@code linux-x86_64-avx2}, or "?". */
    public static String classifier() {
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            String f = new File(p).getName();
            int i = f.indexOf("nd4j-native-");
            if (i >= 0 && f.endsWith(".jar")) {
                String rest = f.substring(i + "nd4j-native-".length(), f.length() - 4);   // 1.0.0-M2.1-linux-x86_64
                int lin = rest.indexOf("linux-");
                if (lin < 0) {
                    lin = rest.indexOf("windows-");
                }
                if (lin < 0) {
                    lin = rest.indexOf("macosx-");
                }
                if (lin >= 0) {
                    return rest.substring(lin);
                }
            }
        }
        return "?";
    }

    /** "classifier, omp=N, blas=V" for JSON lines. */
    public static String describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return classifier() + ", omp.threads=" + env.getOrDefault("omp.threads", "?")
                + ", blas=" + env.getOrDefault("blas.vendor", "?")
                + ", OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
    }
}
