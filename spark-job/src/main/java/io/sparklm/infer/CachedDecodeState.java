package io.sparklm.infer;

/**
 * The default decoding path: a {@link KvCache} of the window's positions, extended by {@link KvForward} with the
 * ids appended since the last {@link #next} (one row each), and refilled from position 0 (one forward over the
 * kept half) after the window drops its oldest half. Over a long generation the work per token is O(1) windows:
 * one row per token plus a refill of {@code seqLen / 2} rows every {@code seqLen / 2} tokens.
 */
final class CachedDecodeState implements DecodeState {
    private final KvForward forward;
    private final ContextWindow window;
    private final KvCache cache;
    private int cachedShifts;
    private double[] dist;

    CachedDecodeState(KvForward forward, ContextWindow window) {
        this(forward, window, forward.newCache(), window.shifts(), null);
    }

    private CachedDecodeState(KvForward forward, ContextWindow window, KvCache cache, int cachedShifts,
                              double[] dist) {
        this.forward = forward;
        this.window = window;
        this.cache = cache;
        this.cachedShifts = cachedShifts;
        this.dist = dist;
    }

    @Override
    public double[] next() {
        if (window.shifts() != cachedShifts) {
            cache.setLength(0);
            cachedShifts = window.shifts();
        }
        if (dist == null) {
            dist = forward.extend(cache, window.ids(), window.length());
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
        return new CachedDecodeState(forward, window.copy(), cache.copy(), cachedShifts, dist);
    }
}
