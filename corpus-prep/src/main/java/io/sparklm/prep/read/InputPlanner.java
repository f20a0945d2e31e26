package io.sparklm.prep.read;

import io.sparklm.fs.HadoopFs;
import io.sparklm.prep.InputOptions;
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

    /**
     * The plan for {@code in} on {@code parallelism} cores: splits of {@code split-mb}, or smaller (at least 1 MiB)
     * when that gives fewer than 2 splits per core, e.g. one 53 MB JSON-lines file would give 2 uneven splits and
     * leave a core idle at the end. Splits only change the partition layout, which the output does not depend on.
     */
    public static InputPlan plan(InputOptions in, Configuration conf, int parallelism) throws IOException {
        boolean wholeFiles = !in.jsonl() && in.docSplit().equals("file");
        long splitBytes = (long) in.splitMb() << 20;
        InputPlan plan = plan(in.inputs(), conf, splitBytes, wholeFiles);
        int want = 2 * parallelism;
        if (!wholeFiles && plan.splits().size() < want && plan.bytes() > (2L << 20)) {
            long smaller = Math.max(1L << 20, (plan.bytes() + want - 1) / want);
            if (smaller < splitBytes) {
                plan = plan(in.inputs(), conf, smaller, false);
            }
        }
        return plan;
    }

    /** Splits of at most {@code splitBytes}; throws IllegalArgumentException naming the input when a URI matches no file. */
    public static InputPlan plan(List<String> inputs, Configuration conf, long splitBytes, boolean wholeFiles)
            throws IOException {
        TreeMap<String, FileStatus> files = new TreeMap<>();
        for (String in : inputs) {
            Path p = HadoopFs.resolve(in);
            FileSystem fs = HadoopFs.fs(p, conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new io.sparklm.config.ConfigException("config key 'input': '" + in + "' matches no file");
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
                throw new io.sparklm.config.ConfigException("config key 'input': '" + in + "' contains no (non-hidden) file");
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
        return InputPlan.of(out);
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
