package io.sparklm.perf;

import org.nd4j.linalg.factory.Nd4j;

import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which ND4J native flavour (jar classifier) and how many OpenMP / BLAS threads this JVM runs with. */
public final class NativeInfo {
    private NativeInfo() {}

    /**
     * The flavour whose libnd4jcpu JavaCPP actually loaded (e.g. {@code linux-x86_64-onednn-avx2}), else the
     * classifier found on the class path, else "?".
     */
    public static String classifier() {
        Nd4j.getExecutioner();                                   // make sure the backend is loaded
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            Matcher m = Pattern.compile("/(\\w+-x86_64[\\w-]*|\\w+-arm64[\\w-]*|\\w+-ppc64le[\\w-]*)/[^/]*nd4j")
                    .matcher(String.valueOf(e.getValue()));
            if (m.find()) {
                return m.group(1) + " (loaded)";
            }
        }
        return classpathClassifier();
    }

    /** The first nd4j-native/-cuda classifier jar on the class path, or "?". */
    public static String classpathClassifier() {
        Pattern jar = Pattern.compile("nd4j-(?:native|cuda-[0-9.]+)-\\d[^-]*-M?[0-9.]*-(\\w+-\\w+.*)\\.jar");
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Matcher m = jar.matcher(new File(p).getName());
            if (m.matches()) {
                return m.group(1);
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
