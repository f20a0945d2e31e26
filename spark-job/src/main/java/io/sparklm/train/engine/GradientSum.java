package io.sparklm.train.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Raw gradients summed over minibatches (and workers): the gradient of the summed data loss ({@code [1, P]}, the
 * graph's flat parameter layout, allocated on the first add and reused after {@link #reset}), the examples and
 * predicted tokens it covers and the data-loss sum in nats. {@link #lossPerToken} is the step's training loss.
 * Mutable, not thread safe.
 */
public final class GradientSum {
    private INDArray grad;
    private boolean holdsGradient;
    private long examples;
    private long tokens;
    private double lossSum;

    /** Adds {@code g} (copied) to the gradient. */
    public void addGradient(INDArray g) {
        if (grad == null) {
            grad = g.dup('c');
        } else if (grad.length() != g.length()) {
            throw new IllegalArgumentException("gradient of " + g.length() + " values added to a sum of "
                    + grad.length());
        } else if (holdsGradient) {
            grad.addi(g);
        } else {
            grad.assign(g);
        }
        holdsGradient = true;
    }

    /** Adds the counts of one minibatch: examples, predicted tokens, data-loss sum (nats). */
    public void addCounts(long examples, long tokens, double lossSum) {
        this.examples += examples;
        this.tokens += tokens;
        this.lossSum += lossSum;
    }

    /** Empties the sum; the gradient buffer is kept for the next adds. */
    public void reset() {
        holdsGradient = false;
        examples = 0;
        tokens = 0;
        lossSum = 0;
    }

    /** The summed gradient, null when nothing was added since the last reset. */
    public INDArray gradient() {
        return holdsGradient ? grad : null;
    }

    public long examples() {
        return examples;
    }

    public long tokens() {
        return tokens;
    }

    public double lossSum() {
        return lossSum;
    }

    /** Mean data loss per predicted token (nats); NaN without tokens. */
    public double lossPerToken() {
        return tokens > 0 ? lossSum / tokens : Double.NaN;
    }
}
