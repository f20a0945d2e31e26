package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.TextCleaner;
import io.sparklm.prep.read.InputPlanner;
import io.sparklm.prep.read.InputSplit;
import io.sparklm.prep.read.RawRecord;
import io.sparklm.prep.read.SplitReader;
import io.sparklm.prep.seq.DocHash;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Reading and cleaning as Spark wiring: plans input splits on the driver and returns one pair per record:
 * (doc hash, clean text) for a good record, or ({@code "\0" + reason}, null) for a skipped one.
 */
public final class CorpusReader {
    /** Prefix of keys that carry a skip reason instead of a document hash. */
    public static final String SKIP = "\u0000";

    private CorpusReader() {}

    /** Total bytes of the splits planned by the last {@link #read} on this thread (sizes shuffle partitions). */
    private static final ThreadLocal<Long> LAST_BYTES = ThreadLocal.withInitial(() -> 0L);

    public static long lastPlannedBytes() {
        return LAST_BYTES.get();
    }

    public static JavaPairRDD<String, String> read(JavaSparkContext sc, InputOptions in) throws IOException {
        boolean wholeFiles = !in.jsonl() && in.docSplit().equals("file");
        List<InputSplit> splits = InputPlanner.plan(in.inputs(), sc.hadoopConfiguration(), (long) in.splitMb() << 20,
                wholeFiles);
        long bytes = splits.stream().mapToLong(InputSplit::length).sum();
        // a few big files give fewer splits than 2 per core (e.g. one 53 MB JSON-lines file: 2 uneven splits, one
        // core idle at the end): re-plan with smaller splits, at least 1 MiB. Splits only change the partition
        // layout, which the output does not depend on.
        int want = 2 * sc.defaultParallelism();
        if (!wholeFiles && splits.size() < want && bytes > (2L << 20)) {
            long smaller = Math.max(1L << 20, (bytes + want - 1) / want);
            if (smaller < ((long) in.splitMb() << 20)) {
                splits = InputPlanner.plan(in.inputs(), sc.hadoopConfiguration(), smaller, false);
            }
        }
        Progress.log("planned %d input splits, %.1f MB", splits.size(), bytes / 1e6);
        LAST_BYTES.set(bytes);
        SplitReader.Mode mode = in.jsonl() || in.docSplit().equals("line") ? SplitReader.Mode.LINE
                : in.docSplit().equals("blank-line") ? SplitReader.Mode.PARAGRAPH : SplitReader.Mode.FILE;
        TextCleaner cleaner = new TextCleaner(in.jsonl(), in.textField(), in.html(), in.normalize(), in.minChars(),
                in.maxChars());
        long maxRecordBytes = in.maxRecordBytes();
        HadoopConf hadoop = HadoopConf.of(sc.hadoopConfiguration());
        // group small splits: about one partition per split-mb of input, but at least 2 per core
        long bySize = (bytes >> 20) / Math.max(1, in.splitMb()) + 1;
        int slices = (int) Math.max(1, Math.min(splits.size(), Math.max(bySize, 2L * sc.defaultParallelism())));
        return sc.parallelize(splits, slices)
                .mapPartitionsToPair(it -> cleanSplits(it, mode, maxRecordBytes, cleaner, hadoop));
    }

    static Iterator<Tuple2<String, String>> cleanSplits(Iterator<InputSplit> it, SplitReader.Mode mode,
                                                        long maxRecordBytes, TextCleaner cleaner,
                                                        HadoopConf hadoop) {
        Configuration conf = hadoop.get();
        return new Iterator<>() {
            SplitReader reader;

            @Override
            public boolean hasNext() {
                while (reader == null || !reader.hasNext()) {
                    if (!it.hasNext()) {
                        return false;
                    }
                    reader = new SplitReader(it.next(), conf, mode, maxRecordBytes);
                }
                return true;
            }

            @Override
            public Tuple2<String, String> next() {
                hasNext();
                RawRecord r = reader.next();
                if (SplitReader.UNREADABLE_FILE.equals(r.reason())) {
                    System.err.println("[corpus-prep] cannot read input " + r.where());
                }
                if (r.reason() != null) {
                    return new Tuple2<>(SKIP + r.reason(), null);
                }
                TextCleaner.Result c = cleaner.clean(r.bytes());
                if (c.reason() != null) {
                    return new Tuple2<>(SKIP + c.reason(), null);
                }
                return new Tuple2<>(DocHash.of(c.text()), c.text());
            }
        };
    }
}
