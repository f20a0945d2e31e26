package io.sparklm.prep.seq;

import java.util.function.Consumer;

/**
 * CLM packing of one ordered run of documents that starts at global token offset {@code startOffset}: the
 * documents' tokens (each already ending with EOS) are laid on a global token line cut into windows of
 * {@code seqLen}; emits one {@link Piece} per (window, contiguous run), so windows inside the run are emitted
 * whole and windows crossing a partition boundary come as two or more pieces joined later. Tokens of windows
 * at index {@code >= maxWindows} (the incomplete tail) are dropped.
 */
public final class ClmPacker {
    private final int seqLen;
    private final long maxWindows;
    private final Consumer<Piece> out;
    private long pos;
    private long window = -1;
    private int runStart;
    private int fill;
    private int[] buf;

    public ClmPacker(long startOffset, int seqLen, long maxWindows, Consumer<Piece> out) {
        this.seqLen = seqLen;
        this.maxWindows = maxWindows;
        this.out = out;
        this.pos = startOffset;
    }

    public void add(int[] tokens) {
        int i = 0;
        while (i < tokens.length) {
            long w = pos / seqLen;
            if (w >= maxWindows) {
                pos += tokens.length - i;
                return;
            }
            int off = (int) (pos % seqLen);
            if (w != window) {
                flush();
                window = w;
                runStart = off;
                fill = 0;
                buf = new int[seqLen - off];
            }
            int n = Math.min(tokens.length - i, seqLen - off);
            System.arraycopy(tokens, i, buf, fill, n);
            fill += n;
            i += n;
            pos += n;
        }
    }

    /** Emits the pending run; call once after the last document. */
    public void flush() {
        if (window >= 0 && fill > 0) {
            int[] ids = fill == buf.length ? buf : java.util.Arrays.copyOf(buf, fill);
            out.accept(new Piece(window, runStart, ids, null, null, -1));
        }
        window = -1;
        fill = 0;
        buf = null;
    }
}
