package io.sparklm.prep.read;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Driver-side input planning: expands URIs, directories (recursively) and globs into files (hidden
 * {@code _x}/{@code .x} names skipped, sorted by URI, duplicates removed) and cuts uncompressed files into
 * splits of {@code splitBytes} (doc-split=file and compressed files are one split each).
 */
public final class InputPlanner {
    private InputPlanner() {}

    /** Throws IllegalArgumentException naming the input when a URI matches no file. */
    public static List<InputSplit> plan(List<String> inputs, Configuration conf, long splitBytes, boolean wholeFiles)
            throws IOException {
        TreeMap<String, FileStatus> files = new TreeMap<>();
        for (String in : inputs) {
            Path p = HadoopFs.resolve(in);
            FileSystem fs = HadoopFs.fs(p, conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new IllegalArgumentException("input '" + in + "' matches no file");
            }
            int before = files.size();
            for (FileStatus st : matches) {
                if (st.isDirectory()) {
                    addTree(fs, st.getPath(), files);
                } else if (st.isFile()) {
                    files.put(st.getPath().toString(), st);
                }
            }
            if (files.size() == before && matches.length > 0 && files.isEmpty()) {
                throw new IllegalArgumentException("input '" + in + "' contains no (non-hidden) file");
            }
        }
        CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
        List<InputSplit> out = new ArrayList<>();
        for (FileStatus f : files.values()) {
            boolean compressed = codecs.getCodec(f.getPath()) != null;
            long len = f.getLen();
            if (wholeFiles || compressed || len <= splitBytes) {
                out.add(new InputSplit(out.size(), f.getPath().toString(), 0, len, len, compressed));
            } else {
                for (long s = 0; s < len; s += splitBytes) {
                    out.add(new InputSplit(out.size(), f.getPath().toString(), s, Math.min(splitBytes, len - s), len,
                            false));
                }
            }
        }
        return out;
    }

    /** Recursive listStatus (not listFiles: on the local FS that forks a process per file for permissions). */
    private static void addTree(FileSystem fs, Path dir, TreeMap<String, FileStatus> files) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            String n = f.getPath().getName();
            if (n.startsWith("_") || n.startsWith(".")) {
                continue;
            }
            if (f.isDirectory()) {
                addTree(fs, f.getPath(), files);
            } else if (f.isFile()) {
                files.put(f.getPath().toString(), f);
            }
        }
    }
}
