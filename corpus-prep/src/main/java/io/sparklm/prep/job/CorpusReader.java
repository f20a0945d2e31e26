package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.TextCleaner;
import io.sparklm.prep.read.InputPlan;
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

/**
 * Reading and cleaning as Spark wiring: plans input splits on the driver and returns one pair per record:
 * (doc hash, clean text) for a good record, or ({@code "\0" + reason}, null) for a skipped one.
 */
public final class CorpusReader {
    /** Prefix of keys that carry a skip reason instead of a document hash. */
    public static final String SKIP = "\u0000";

    private CorpusReader() {}

    /** Plans the input splits of {@code in} on the driver (see {@link InputPlanner#plan(InputOptions, Configuration, int)}). */
    public static InputPlan plan(JavaSparkContext sc, InputOptions in) throws IOException {
        InputPlan plan = InputPlanner.plan(in, sc.hadoopConfiguration(), sc.defaultParallelism());
        Progress.log("planned %d input splits, %.1f MB", plan.splits().size(), plan.bytes() / 1e6);
        return plan;
    }

    public static JavaPairRDD<String, String> read(JavaSparkContext sc, InputOptions in, InputPlan plan) {
        SplitReader.Mode mode = in.jsonl() || in.docSplit().equals("line") ? SplitReader.Mode.LINE
                : in.docSplit().equals("blank-line") ? SplitReader.Mode.PARAGRAPH : SplitReader.Mode.FILE;
        TextCleaner cleaner = new TextCleaner(in.jsonl(), in.textField(), in.html(), in.normalize(), in.minChars(),
                in.maxChars());
        long maxRecordBytes = in.maxRecordBytes();
        HadoopConf hadoop = HadoopConf.of(sc.hadoopConfiguration());
        return sc.parallelize(plan.splits(), plan.readTasks(in.splitMb(), sc.defaultParallelism()))
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
