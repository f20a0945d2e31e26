package io.sparklm.finetune;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.function.Supplier;

/**
 * The model a fresh fine-tuning run starts from: {@link ClassifierModel#build} of the run's body, head and
 * optimizer, with the pre-trained checkpoint's parameters copied into the body ({@link BodyTransfer}) unless
 * {@code init=random}. Resumed runs never call it; the pre-trained graph is released after the first call.
 */
final class ClassifierInit implements Supplier<ComputationGraph> {
    private final FinetuneConfig config;
    private ComputationGraph pretrained;

    ClassifierInit(ComputationGraph pretrained, FinetuneConfig config) {
        this.pretrained = pretrained;
        this.config = config;
    }

    @Override
    public synchronized ComputationGraph get() {
        ComputationGraph g = ClassifierModel.build(config.body(), config.head(), config.optim());
        if (config.init().equals("pretrained")) {
            if (pretrained == null) {
                throw new IllegalStateException("the pre-trained model was released: a second fresh start");
            }
            System.err.println("[init] " + BodyTransfer.copy(pretrained, g).summary());
        } else {
            System.err.println("[init] init=random: the checkpoint's architecture from random weights");
        }
        pretrained = null;
        return g;
    }
}
