package io.sparklm.train;

import io.sparklm.config.ConfigException;
import io.sparklm.export.HfImporter;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The model a fresh run starts from: {@link TransformerModel#build} of the run's model and optimizer settings,
 * its parameters then replaced by the HuggingFace weights of {@code init-from} when set ({@link HfImporter}; a
 * directory that is not this model is a ConfigException naming the key). Resumed runs never call it.
 */
final class InitialModel implements Supplier<ComputationGraph> {
    private final PretrainConfig config;
    private final Configuration hadoop;

    InitialModel(PretrainConfig config, Configuration hadoop) {
        this.config = config;
        this.hadoop = hadoop;
    }

    @Override
    public ComputationGraph get() {
        ComputationGraph g = TransformerModel.build(config.model(), config.optim());
        if (config.initFrom().isEmpty()) {
            return g;
        }
        Path dir = HadoopFs.resolve(config.initFrom());
        try {
            int n = HfImporter.load(HadoopFs.fs(dir, hadoop), dir, g);
            System.err.println("[init] " + n + " tensors from " + dir);
            return g;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'init-from': " + e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException("config key 'init-from': " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("init-from " + dir + ": " + e.getMessage(), e);
        }
    }
}
