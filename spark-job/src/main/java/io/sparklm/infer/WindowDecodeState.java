package io.sparklm.infer;

/**
 * The reference decoding path, without a cache: every {@link #next} runs one graph forward over the whole window
 * ({@link LoadedModel#nextTokenProbabilities}, right-padded to seq-len), so a new token costs a full window.
 */
final class WindowDecodeState implements DecodeState {
    private final LoadedModel model;
    private final int padId;
    private final ContextWindow window;
    private double[] dist;

    WindowDecodeState(LoadedModel model, int padId, ContextWindow window) {
        this.model = model;
        this.padId = padId;
        this.window = window;
    }

    @Override
    public double[] next() {
        if (dist == null) {
            dist = model.nextTokenProbabilities(new int[][] {window.toArray()}, padId).getRow(0).toDoubleVector();
        }
        return dist;
    }

    @Override
    public void append(int id) {
        window.append(id);
        dist = null;
    }

    @Override
    public DecodeState copy() {
        WindowDecodeState c = new WindowDecodeState(model, padId, window.copy());
        c.dist = dist;
        return c;
    }
}
