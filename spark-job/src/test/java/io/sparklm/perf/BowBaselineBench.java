package io.sparklm.perf;

import io.sparklm.eval.ClassMetrics;
import io.sparklm.finetune.FinetuneData;
import io.sparklm.finetune.LabelledJsonl;
import io.sparklm.finetune.LabelledText;
import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bag-of-words baseline of {@code scripts/bench finetune}: Spark MLlib's LogisticRegression on hashed term
 * frequencies (RegexTokenizer on non-word characters, lower case; HashingTF with {@code features} buckets) fitted on
 * the training JSONL and scored on the validation JSONL with the fine-tuning job's own metrics ({@link ClassMetrics}).
 * Settings are fixed up front (regParam 1e-3, no elastic net, 100 iterations), not tuned on the validation split.
 * Prints one JSON line {name, value (accuracy), unit, macro_f1, per-class f1, seconds, ...}.
 * Usage: BowBaselineBench train=URI validation=URI [features=262144] [reg=1e-3] [iterations=100]
 */
public final class BowBaselineBench {
    private BowBaselineBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        int features = Integer.parseInt(a.getOrDefault("features", "262144"));
        double reg = Double.parseDouble(a.getOrDefault("reg", "1e-3"));
        int iterations = Integer.parseInt(a.getOrDefault("iterations", "100"));
        Configuration conf = new Configuration();
        List<LabelledText> train = LabelledJsonl.read(HadoopFs.resolve(a.get("train")), conf, true);
        List<LabelledText> val = LabelledJsonl.read(HadoopFs.resolve(a.get("validation")), conf, true);
        List<String> labels = FinetuneData.labelSet(train);
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().appName("sparklm-bow-baseline").getOrCreate();
        try {
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                    new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+")
                            .setToLowercase(true),
                    new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(features),
                    new LogisticRegression().setLabelCol("label").setFeaturesCol("features").setRegParam(reg)
                            .setElasticNetParam(0).setMaxIter(iterations)})
                    .fit(frame(spark, train, labels));
            List<Row> predicted = model.transform(frame(spark, val, labels)).select("label", "prediction")
                    .collectAsList();
            long[][] confusion = new long[labels.size()][labels.size()];
            for (Row r : predicted) {
                confusion[(int) r.getDouble(0)][(int) r.getDouble(1)]++;
            }
            ClassMetrics m = new ClassMetrics(labels, confusion);
            Map<String, Object> line = BenchJson.line("finetune.bow_logreg.accuracy", m.accuracy(), "fraction");
            line.put("macro_f1", BenchJson.round(m.macroF1()));
            for (int c = 0; c < labels.size(); c++) {
                line.put("f1_" + labels.get(c), BenchJson.round(m.f1(c)));
            }
            line.put("confusion", java.util.Arrays.deepToString(confusion));
            line.put("train_examples", train.size());
            line.put("validation_examples", val.size());
            line.put("features", features);
            line.put("reg", reg);
            line.put("seconds", BenchJson.round((System.nanoTime() - t0) / 1e9));
            BenchJson.print(line);
        } finally {
            spark.stop();
        }
    }

    private static Dataset<Row> frame(SparkSession spark, List<LabelledText> texts, List<String> labels) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        List<Row> rows = new ArrayList<>();
        for (LabelledText t : texts) {
            Integer y = index.get(t.label());
            if (y == null) {
                throw new IllegalArgumentException("label '" + t.label() + "' is not in the training labels " + labels);
            }
            rows.add(RowFactory.create(t.pair() == null ? t.text() : t.text() + " " + t.pair(), (double) y));
        }
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }
}
