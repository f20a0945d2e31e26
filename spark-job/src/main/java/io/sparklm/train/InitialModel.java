package io.sparklm.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparklm.config.ConfigException;
import io.sparklm.export.HfExporter;
import io.sparklm.export.HfImporter;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The model a fresh run starts from: {@link TransformerModel#build} of the run's model and optimizer settings,
 * its parameters then replaced by those of {@code init-from} when set: a HuggingFace directory (one holding
 * {@code model.safetensors}, {@link HfImporter}) or else a sparklm checkpoint or run output
 * ({@link CheckpointWeights}). A source that is not this model, or whose {@code tokenizer.json} differs from the
 * data's, is a ConfigException naming the key. Resumed runs never call it.
 */
final class InitialModel implements Supplier<ComputationGraph> {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.init");
    private final PretrainConfig config;
    private final Configuration hadoop;
    private final byte[] dataTokenizer;

    /** {@code dataTokenizer}: the bytes of the data's tokenizer.json, null when it has none. */
    InitialModel(PretrainConfig config, Configuration hadoop, byte[] dataTokenizer) {
        this.config = config;
        this.hadoop = hadoop;
        this.dataTokenizer = dataTokenizer;
    }

    @Override
    public ComputationGraph get() {
        ComputationGraph g = TransformerModel.build(config.model(), config.optim());
        if (config.initFrom().isEmpty()) {
            return g;
        }
        Path dir = HadoopFs.resolve(config.initFrom());
        try {
            FileSystem fs = HadoopFs.fs(dir, hadoop);
            if (fs.exists(new Path(dir, HfExporter.WEIGHTS))) {
                requireSameTokenizer(fs, dir);
                int n = HfImporter.load(fs, dir, g);
                LOG.info("" + n + " tensors from " + dir);
            } else {
                Path ck = CheckpointResolver.resolve(fs, dir);
                requireSameTokenizer(fs, ck);
                CheckpointWeights.load(fs, ck, g);
                LOG.info("" + g.paramTable().size() + " tensors from checkpoint " + ck);
            }
            return g;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'init-from': " + e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException("config key 'init-from': " + e.getMessage() + "; nor a HuggingFace directory ("
                    + HfExporter.WEIGHTS + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("init-from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a source whose tokenizer.json is not byte-identical to the data's (its ids would mean other tokens). */
    private void requireSameTokenizer(FileSystem fs, Path dir) throws IOException {
        Path tok = new Path(dir, CheckpointWriter.TOKENIZER);
        if (dataTokenizer == null || !fs.exists(tok)) {
            return;
        }
        String theirs = HadoopFs.sha256(fs, tok);
        String ours = HadoopFs.sha256(dataTokenizer);
        if (!theirs.equals(ours)) {
            throw new ConfigException("config key 'init-from': " + tok + " (sha256 " + theirs.substring(0, 16)
                    + "...) is not the data's tokenizer.json (sha256 " + ours.substring(0, 16)
                    + "...): the same ids would mean other tokens");
        }
    }
}
