package io.sparklm.build;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the pinned stack on the widest class path the project has (spark-job's test class path: every module,
 * DL4J, dl4j-spark, Aeron, the HDFS minicluster): exactly one version each of Spark, Scala, Jackson and slf4j-api,
 * exactly one nd4j-native flavour, and none of the every-OS native bundles (OpenCV, FFmpeg, HDF5) that
 * deeplearning4j-core would pull without the exclusions in the root pom.
 */
class ClasspathConvergenceTest {
    /** .../repository/group/path/artifactId/version/artifactId-version[-classifier].jar */
    private static final Pattern M2 = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/\\2-\\3(-[^/]+)?\\.jar$");

    @Test
    void singleVersionOfTheStackAndNoEveryOsNatives() {
        Map<String, Set<String>> versions = new TreeMap<>();
        Set<String> nd4jNative = new TreeSet<>();
        int jars = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = M2.matcher(entry.replace('\\', '/'));
            if (!m.matches()) {
                continue;
            }
            jars++;
            String group = m.group(1).replace('/', '.');
            String artifact = m.group(2);
            String version = m.group(3);
            String family = family(group, artifact);
            if (family != null) {
                versions.computeIfAbsent(family, k -> new TreeSet<>()).add(version);
            }
            if (artifact.equals("nd4j-native") && m.group(4) != null) {
                nd4jNative.add(m.group(4).substring(1));
            }
            assertTrue(!artifact.startsWith("opencv") && !artifact.startsWith("ffmpeg") && !artifact.startsWith("hdf5")
                    && !artifact.equals("javacv"), "every-OS native bundle on the class path: " + entry);
        }
        assertTrue(jars > 100, "expected the Maven class path, got " + jars + " jars");
        for (String family : new String[] {"spark", "scala", "jackson", "slf4j-api"}) {
            assertTrue(versions.containsKey(family), family + " missing from the class path");
            assertEquals(1, versions.get(family).size(), family + " versions: " + versions.get(family));
        }
        assertEquals(1, nd4jNative.size(), "nd4j-native flavours: " + nd4jNative);
    }

    private static String family(String group, String artifact) {
        if (group.equals("org.apache.spark")) {
            return "spark";
        }
        if (group.equals("org.scala-lang") && (artifact.equals("scala-library") || artifact.equals("scala-reflect"))) {
            return "scala";
        }
        if (group.equals("com.fasterxml.jackson.core")) {
            return "jackson";
        }
        if (group.equals("org.slf4j") && artifact.equals("slf4j-api")) {
            return "slf4j-api";
        }
        return null;
    }
}
