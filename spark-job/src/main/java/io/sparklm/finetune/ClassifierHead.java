package io.sparklm.finetune;

import io.sparklm.config.ConfigException;

import java.util.Arrays;

/**
 * The classification head of a fine-tuned model: {@code numLabels} classes; {@code pooling} "last" (the last
 * non-padding position), "mean" (mean over non-padding positions) or "cls" (bert: position 0 through a tanh dense
 * pooler); {@code dropout} the dropout rate before the output layer; {@code lrFactor} the head's learning rate over
 * the body's ({@code head-lr / lr}); {@code freezeBody}: the body does not train (no updates, no weight decay, no
 * gradient below the pooling); {@code classWeights} one loss weight per class in label order, or null for none.
 */
public record ClassifierHead(int numLabels, String pooling, double dropout, double lrFactor, boolean freezeBody,
                             double[] classWeights) {
    public ClassifierHead {
        if (numLabels < 2) {
            throw new ConfigException("a classifier needs at least 2 labels, the training data has " + numLabels);
        }
        if (!pooling.equals("last") && !pooling.equals("mean") && !pooling.equals("cls")) {
            throw new ConfigException("config key 'pooling': expected last|mean|cls, got '" + pooling + "'");
        }
        if (classWeights != null && classWeights.length != numLabels) {
            throw new ConfigException("config key 'class-weights': " + classWeights.length + " weights for "
                    + numLabels + " labels");
        }
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierHead h && h.numLabels == numLabels && h.pooling.equals(pooling)
                && h.dropout == dropout && h.lrFactor == lrFactor && h.freezeBody == freezeBody
                && Arrays.equals(h.classWeights, classWeights);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(numLabels, pooling, dropout, lrFactor, freezeBody)
                + Arrays.hashCode(classWeights);
    }

    @Override
    public String toString() {
        return "ClassifierHead[" + numLabels + " labels, pooling " + pooling + ", dropout " + dropout
                + ", lr factor " + lrFactor + ", freeze body " + freezeBody + ", class weights "
                + Arrays.toString(classWeights) + "]";
    }
}
