package io.sparklm.finetune;

import io.sparklm.batch.BlockPlan;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.eval.ClassifierEvaluator;
import io.sparklm.export.GraphArchitecture;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.train.Trainer;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a fine-tuning run needs before the trainer starts, from its command line: the pre-trained checkpoint
 * (architecture, parameters, tokenizer), the labelled files tokenized into {@link FinetuneData}, the
 * {@link FinetuneConfig}, the data order ({@link BlockPlan}s over the example files) and the {@link Trainer.Setup}.
 * Bad arguments and missing inputs are {@link ConfigException}s naming the key; unusable data a
 * {@link io.sparklm.cli.DataException}.
 */
public record FinetuneSetup(Trainer.Setup setup, Path output, FinetuneConfig config, FinetuneData data) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.sparklm.finetune");

    /** {@code c}: the composed command line of {@code sparklm finetune} ({@link FinetuneConfig#KEYS}). */
    public static FinetuneSetup from(ConfigMap c, Configuration hconf) throws IOException {
        Path ck = HadoopFs.resolve(FinetuneConfig.CHECKPOINT.get(c));
        String trainUri = FinetuneConfig.TRAIN.get(c);
        String valUri = FinetuneConfig.VALIDATION.get(c);
        Path output = HadoopFs.resolve(FinetuneConfig.OUTPUT.get(c));
        FileSystem cfs = HadoopFs.fs(ck, hconf);
        Path dir;
        ComputationGraph pre;
        ModelConfig arch;
        try {
            dir = CheckpointResolver.resolve(cfs, ck);
            pre = CheckpointReader.restoreForInference(cfs, dir);
            arch = GraphArchitecture.of(pre);
        } catch (FileNotFoundException | IllegalArgumentException e) {
            throw new ConfigException("config key 'checkpoint': " + e.getMessage());
        }
        Path tokPath = new Path(dir, CheckpointWriter.TOKENIZER);
        if (!cfs.exists(tokPath)) {
            throw new ConfigException("config key 'checkpoint': " + dir + " has no " + CheckpointWriter.TOKENIZER);
        }
        byte[] tokBytes = cfs.open(tokPath).readAllBytes();
        Tokenizer tok = Tokenizer.fromJson(new String(tokBytes, StandardCharsets.UTF_8));
        if (tok.vocabSize() > arch.vocabSize()) {
            throw new ConfigException("config key 'checkpoint': its tokenizer has " + tok.vocabSize()
                    + " ids, the model " + arch.vocabSize());
        }
        int maxLength = FinetuneConfig.MAX_LENGTH.get(c, arch.seqLen());
        if (maxLength > arch.seqLen()) {
            throw new ConfigException(FinetuneConfig.MAX_LENGTH.name(), String.valueOf(maxLength),
                    "at most the checkpoint's seq-len " + arch.seqLen());
        }
        ExampleEncoder encoder;
        try {
            encoder = new ExampleEncoder(tok, arch.isGpt(), maxLength);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'max-length': " + e.getMessage());
        }
        List<LabelledText> train = readJsonl("train", trainUri, hconf);
        List<LabelledText> val = readJsonl("validation", valUri, hconf);
        FinetuneData data = FinetuneData.prepare(train, val, encoder, HadoopFs.fs(output, hconf), output);
        data.describe().forEach(LOG::info);
        FinetuneConfig cfg = FinetuneConfig.from(c, arch, maxLength, data, inputs(dir, trainUri, valUri, data));
        EffectiveConfig eff = new EffectiveConfig(cfg.asMap());
        eff.print("finetune");
        int batch = cfg.run().batchSizePerWorker();
        long seed = cfg.run().seed();
        BlockPlan trainPlan = new BlockPlan(List.of(new BlockPlan.Shard(data.train().uri(), data.train().records())),
                batch, seed);
        BlockPlan valPlan = new BlockPlan(List.of(new BlockPlan.Shard(data.validation().uri(),
                data.validation().records())), batch, seed, true);
        ExampleBatchLoader loader = new ExampleBatchLoader(data.train().uri(), data.train().records(), seed,
                !arch.isGpt(), maxLength, data.labels().size(), SpecialTokens.of(tok).pad(), cfg.body().dtype(),
                HadoopConf.of(hconf));
        Trainer.Setup setup = new Trainer.Setup(cfg.run(), new ClassifierInit(pre, cfg),
                TransformerModel.trainingListeners(cfg.optim()), loader, trainPlan, valPlan, maxLength, eff, tokBytes,
                new ClassifierEvaluator(data.labels()), cfg.optim(), null);
        return new FinetuneSetup(setup, output, cfg, data);
    }

    private static List<LabelledText> readJsonl(String key, String uri, Configuration hconf) throws IOException {
        try {
            return LabelledJsonl.read(HadoopFs.resolve(uri), hconf, true);
        } catch (FileNotFoundException e) {
            throw new ConfigException("config key '" + key + "': " + e.getMessage());
        }
    }

    /** The input keys of the effective config: checkpoint, data files, the label set and the prepared data. */
    private static Map<String, Object> inputs(Path dir, String train, String val, FinetuneData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", dir.toString());
        m.put("train", train);
        m.put("validation", val);
        m.put("labels", data.labels());
        m.put("train-examples", data.train().records());
        m.put("validation-examples", data.validation().records());
        m.put("train-sha256", data.train().sha256());
        m.put("validation-sha256", data.validation().sha256());
        return m;
    }
}
