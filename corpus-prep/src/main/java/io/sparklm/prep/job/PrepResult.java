package io.sparklm.prep.job;

import io.sparklm.config.EffectiveConfig;
import io.sparklm.prep.PrepConfig;
import io.sparklm.shard.Manifest;
import io.sparklm.shard.ShardEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything the manifest needs, gathered from a prep run: record and document counts, skips by reason, shards, sequences and tokens per split. */
public record PrepResult(long read, long kept, Map<String, Long> skipped, long documentTokens,
                         List<ShardResult> shards, long trainSeqs, long valSeqs, long tokens,
                         Map<String, Object> stats) {
    /** The manifest of this run. */
    public Manifest manifest(PrepConfig cfg, int vocabSize, int padId, EffectiveConfig eff, String tokenizerSha) {
        List<ShardEntry> entries = new ArrayList<>();
        long masked = 0, mask = 0, rand = 0, keptTok = 0, padding = 0;
        for (ShardResult s : shards) {
            entries.add(new ShardEntry(s.path(), s.split(), s.records(), s.sha256()));
            masked += s.masked();
            mask += s.maskToken();
            rand += s.randomToken();
            keptTok += s.keptToken();
            padding += s.padding();
        }
        Map<String, Object> extra = new LinkedHashMap<>(stats);
        if (cfg.objective().equals("mlm")) {
            Map<String, Object> counts = new LinkedHashMap<>();               // fixed order: manifest bytes
            counts.put("masked", masked);                                     // must not vary per JVM
            counts.put("mask_token", mask);
            counts.put("random_token", rand);
            counts.put("kept_token", keptTok);
            counts.put("padding", padding);
            extra.put("masking_counts", counts);
        }
        String masking = cfg.objective().equals("mlm") ? cfg.masking() : "none";
        return Manifest.build(cfg.objective(), cfg.seqLen(), vocabSize, padId, masking, read, kept,
                skipped, trainSeqs, valSeqs, tokens, entries, eff.values(), eff.hash(),
                tokenizerSha, extra);
    }
}
