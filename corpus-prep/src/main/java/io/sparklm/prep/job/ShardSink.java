package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.fs.HadoopFs;
import io.sparklm.prep.seq.Piece;
import io.sparklm.shard.ShardRecord;
import io.sparklm.shard.ShardWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;

/**
 * Writes one shard from the sorted pieces of one partition: joins the pieces of each sequence (ordered by
 * offset), derives clm segment ids from EOS positions, and writes {@code <dir>/<split>/shard-NNNNN.bin}
 * atomically. Memory: one shard (bounded by shard-mb).
 */
public final class ShardSink implements Serializable {
    private final String tmpRoot;
    private final String split;
    private final String objective;
    private final int seqLen;
    private final int vocabSize;
    private final boolean labels;
    private final boolean nsp;
    private final SpecialTokens sp;
    private final HadoopConf hadoop;

    public ShardSink(String tmpRoot, String split, String objective, int seqLen, int vocabSize, boolean labels,
                     boolean nsp, SpecialTokens sp, HadoopConf hadoop) {
        this.tmpRoot = tmpRoot;
        this.split = split;
        this.objective = objective;
        this.seqLen = seqLen;
        this.vocabSize = vocabSize;
        this.labels = labels;
        this.nsp = nsp;
        this.sp = sp;
        this.hadoop = hadoop;
    }

    public ShardResult write(int shard, Iterator<? extends Tuple2<?, Piece>> it) throws IOException {
        if (!it.hasNext()) {
            return null;
        }
        ShardWriter w = new ShardWriter(objective, seqLen, vocabSize, labels, nsp, sp.pad());
        boolean clm = objective.equals("clm");
        int eos = sp.eos(), mask = sp.mask(), pad = sp.pad();
        long tokens = 0, masked = 0, maskTok = 0, randTok = 0, kept = 0, padding = 0;
        Piece pending = null;
        int[] buf = null;
        int fill = 0;
        while (it.hasNext()) {
            Piece p = it.next()._2();
            if (p.offset() == 0 && p.ids().length == seqLen) {
                if (buf != null) {
                    throw new IllegalStateException("incomplete clm window " + pending.id());
                }
                if (clm) {
                    w.addClm(p.ids(), eos);
                    tokens += seqLen;
                    continue;
                }
                ShardRecord r = new ShardRecord(p.ids(), p.labels(), p.segmentIds(), nsp ? p.nspLabel() : -1);
                w.add(r);
                int[] in = r.inputIds(), lab = r.labels();
                for (int i = 0; i < seqLen; i++) {
                    int id = in[i];
                    int l = lab == null ? -1 : lab[i];
                    if (l >= 0) {
                        masked++;
                        if (id == mask) maskTok++;
                        else if (id == l) kept++;
                        else randTok++;
                    }
                    if (id == pad && l < 0) padding++;
                    else tokens++;
                }
                continue;
            }
            // a clm window in several pieces: they arrive consecutively, ordered by offset
            if (buf == null) {
                if (p.offset() != 0) {
                    throw new IllegalStateException("clm window " + p.id() + " misses its start");
                }
                buf = new int[seqLen];
                fill = 0;
                pending = p;
            }
            if (p.id() != pending.id() || p.offset() != fill) {
                throw new IllegalStateException("clm window " + pending.id() + " has a gap at " + fill);
            }
            System.arraycopy(p.ids(), 0, buf, fill, p.ids().length);
            fill += p.ids().length;
            if (fill == seqLen) {
                w.addClm(buf, eos);
                tokens += seqLen;
                buf = null;
            }
        }
        if (buf != null) {
            throw new IllegalStateException("incomplete clm window " + pending.id());
        }
        String rel = split + "/shard-" + String.format("%05d", shard) + ".bin";
        Path target = new Path(tmpRoot + "/" + rel);
        FileSystem fs = target.getFileSystem(hadoop.get());
        String sha = w.writeToWithSha256(fs, target);
        return new ShardResult(rel, split, w.records(), sha, tokens, masked, maskTok, randTok, kept,
                padding);
    }
}
