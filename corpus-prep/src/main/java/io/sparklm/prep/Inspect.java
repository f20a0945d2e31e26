package io.sparklm.prep;

import io.sparklm.shard.ShardEntry;
import io.sparklm.shard.Manifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.fs.HadoopFs;
import io.sparklm.shard.ShardReader;
import io.sparklm.shard.ShardRecord;
import io.sparklm.shard.UnigramCounts;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * The statistics of a corpus-prep output ({@link InspectCommand}): reads the manifest and every shard (verifying CRC and SHA-256) and prints one JSON
 * object: document and sequence counts, skip reasons, tokens, mean document length, and from the shards the
 * fraction of positions masked, the [MASK]/random/kept split, padding fraction, clm documents per window, and
 * the unigram entropy (nats per token) of the training split's tokens: the loss of a model that ignores context,
 * the baseline a trained language model's validation loss must beat.
 */
public final class Inspect {
    private Inspect() {}

    /** Computes the statistics JSON of a prepared output. */
    public static ObjectNode stats(String output) throws IOException {
        Path root = HadoopFs.resolve(output);
        FileSystem fs = HadoopFs.fs(root, io.sparklm.fs.HadoopConf.fromSparkProperties());
        Manifest m;
        try {
            m = Manifest.read(fs, root);
        } catch (java.io.FileNotFoundException e) {
            throw new io.sparklm.config.ConfigException("config key 'data': " + e.getMessage());
        }
        int maskId = -1;
        int padId = m.padId();
        Path tokPath = new Path(root, "tokenizer.json");
        if (fs.exists(tokPath)) {
            Tokenizer t = Tokenizer.fromJson(HadoopFs.readString(fs, tokPath));
            maskId = t.tokenToId("[MASK]");
        }
        long positions = 0, padding = 0, masked = 0, maskTok = 0, randTok = 0, keptTok = 0, records = 0;
        long segments = 0, nspRandom = 0, nspTotal = 0;
        UnigramCounts unigram = new UnigramCounts(m.vocabSize(), padId);
        for (ShardEntry e : m.allShards()) {
            Path p = new Path(root, e.path());
            String sha = HadoopFs.sha256(fs, p);
            if (!sha.equals(e.sha256())) {
                throw new io.sparklm.cli.DataException(p + ": SHA-256 " + sha + " differs from manifest " + e.sha256());
            }
            try (ShardReader r = ShardReader.open(fs, p)) {
                while (r.hasNext()) {
                    ShardRecord rec = r.next();
                    records++;
                    int[] ids = rec.inputIds();
                    int[] lab = rec.labels();
                    segments += rec.segmentIds()[ids.length - 1] + 1L;
                    if (rec.nspLabel() >= 0) {
                        nspTotal++;
                        nspRandom += rec.nspLabel();
                    }
                    if (e.split().equals("train")) {
                        unigram.add(ids);
                    }
                    for (int i = 0; i < ids.length; i++) {
                        positions++;
                        boolean isLabel = lab != null && lab[i] >= 0;
                        if (m.objective().equals("mlm") && ids[i] == padId && !isLabel) {
                            padding++;
                        }
                        if (isLabel) {
                            masked++;
                            if (ids[i] == maskId) maskTok++;
                            else if (ids[i] == lab[i]) keptTok++;
                            else randTok++;
                        }
                    }
                }
            }
            if (records == 0 && e.records() != 0) {
                throw new IOException(p + ": no records read");
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = json.createObjectNode();
        o.put("output", root.toString());
        o.put("objective", m.objective());
        o.put("seq_len", m.seqLen());
        o.put("vocab_size", m.vocabSize());
        o.put("masking", m.masking());
        o.set("documents", m.json().get("documents"));
        o.set("sequences", m.json().get("sequences"));
        o.put("tokens", m.tokens());
        o.put("shards", m.allShards().size());
        o.put("records_read", records);
        long docTokens = m.json().path("document_tokens").asLong();
        o.put("mean_document_tokens", m.documentsKept() == 0 ? 0.0 : (double) docTokens / m.documentsKept());
        o.put("padding_fraction", positions == 0 ? 0.0 : (double) padding / positions);
        long nonPad = positions - padding;
        o.put("masked_fraction", nonPad == 0 ? 0.0 : (double) masked / nonPad);
        o.put("mask_token_fraction", masked == 0 ? 0.0 : (double) maskTok / masked);
        o.put("random_token_fraction", masked == 0 ? 0.0 : (double) randTok / masked);
        o.put("kept_token_fraction", masked == 0 ? 0.0 : (double) keptTok / masked);
        if (m.objective().equals("clm")) {
            o.put("mean_documents_per_window", records == 0 ? 0.0 : (double) segments / records);
        }
        o.put("train_unigram_entropy_nats", unigram.entropyNats());
        if (nspTotal > 0) {
            o.put("nsp_random_fraction", (double) nspRandom / nspTotal);
        }
        return o;
    }
}
