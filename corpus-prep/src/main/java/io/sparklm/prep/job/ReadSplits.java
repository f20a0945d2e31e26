package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.prep.clean.TextCleaner;
import io.sparklm.prep.read.CleanRecordReader;
import io.sparklm.prep.read.InputSplit;
import io.sparklm.prep.read.SplitReader;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.Iterator;

/** Spark step: the clean records of a partition's input splits ({@link CleanRecordReader}). */
public final class ReadSplits implements FlatMapFunction<Iterator<InputSplit>, CleanRecord> {
    private final SplitReader.Mode mode;
    private final long maxRecordBytes;
    private final TextCleaner cleaner;
    private final HadoopConf hadoop;

    public ReadSplits(InputOptions in, HadoopConf hadoop) {
        this.mode = CleanRecordReader.mode(in);
        this.maxRecordBytes = in.maxRecordBytes();
        this.cleaner = CleanRecordReader.cleaner(in);
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<CleanRecord> call(Iterator<InputSplit> splits) {
        return new CleanRecordReader(splits, hadoop.get(), mode, maxRecordBytes, cleaner);
    }
}
