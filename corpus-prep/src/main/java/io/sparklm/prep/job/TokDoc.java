package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.prep.seq.Sentences;
import io.sparklm.tokenizer.Tokenizer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * A cleaned, deduplicated, tokenized document: hash id, split, and tokens (clm: one array ending in EOS; mlm: the
 * segments concatenated, {@code segmentEnds[i]} = exclusive end of segment i, so Spark's size estimates and
 * serialization see two arrays instead of one per sentence).
 */
public record TokDoc(String hash, boolean validation, int[] tokens, int[] segmentEnds, long tokenCount)
        implements Serializable, KnownSizeEstimation {
    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + 3 * HeapSize.REF + 1 + 8) + HeapSize.string(hash)
                + HeapSize.ints(tokens) + HeapSize.ints(segmentEnds);
    }

    /** mlm: builds a document from its non-empty segments. */
    static TokDoc ofSegments(String hash, boolean validation, List<int[]> segs) {
        int n = 0;
        for (int[] s : segs) {
            n += s.length;
        }
        int[] all = new int[n];
        int[] ends = new int[segs.size()];
        int at = 0;
        for (int i = 0; i < segs.size(); i++) {
            System.arraycopy(segs.get(i), 0, all, at, segs.get(i).length);
            at += segs.get(i).length;
            ends[i] = at;
        }
        return new TokDoc(hash, validation, all, ends, n);
    }

    /** mlm: the segments (fresh arrays), in order. */
    public List<int[]> segments() {
        List<int[]> out = new ArrayList<>(segmentEnds.length);
        int from = 0;
        for (int end : segmentEnds) {
            out.add(Arrays.copyOfRange(tokens, from, end));
            from = end;
        }
        return out;
    }

    /** Tokenizes one cleaned document: clm ids + EOS, or mlm sentence segments; the split comes from the hash. */
    public static TokDoc encode(Tokenizer tok, String hash, String text, boolean mlm, int eos, double valFrac) {
        boolean val = DocHash.unit(hash) < valFrac;
        if (mlm) {
            List<int[]> segs = new ArrayList<>();
            long n = 0;
            for (String s : Sentences.split(text)) {
                int[] ids = tok.encode(s, false);
                if (ids.length > 0) {
                    segs.add(ids);
                    n += ids.length;
                }
            }
            return ofSegments(hash, val, segs);
        }
        int[] ids = tok.encode(text, false);
        if (ids.length == 0) {
            return new TokDoc(hash, val, ids, null, 0);
        }
        int[] withEos = Arrays.copyOf(ids, ids.length + 1);
        withEos[ids.length] = eos;
        return new TokDoc(hash, val, withEos, null, withEos.length);
    }
}
