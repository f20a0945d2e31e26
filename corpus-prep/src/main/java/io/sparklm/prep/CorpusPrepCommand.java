package io.sparklm.prep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.KeyGroup;
import io.sparklm.shard.Manifest;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code sparklm corpus-prep}: a corpus into fixed-length training shards ({@link CorpusPrepJob}); stdout gets one
 * JSON summary line (documents, sequences, tokens, skip reasons, shard count, output).
 */
public final class CorpusPrepCommand implements Command {
    @Override
    public String name() {
        return "corpus-prep";
    }

    @Override
    public String summary() {
        return "tokenize a corpus into deterministic fixed-length shards (clm windows or mlm instances)";
    }

    @Override
    public String description() {
        return "Reads text, JSON lines or HTML from any Hadoop URI, cleans and deduplicates documents, tokenizes "
                + "on the executors and writes shards with manifest.json (docs/shard-format.md). Every record is "
                + "accounted for: skipped ones are counted by reason in the manifest. The output is written whole "
                + "or not at all; an existing one is refused unless --overwrite. The Spark master and the Hadoop "
                + "configuration come from spark-submit (or -Dspark.master).";
    }

    @Override
    public List<KeyGroup> keys() {
        return PrepConfig.KEYS;
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        PrepConfig cfg = PrepConfig.from(c);
        Manifest m = CorpusPrepJob.prepare(cfg);
        ObjectNode o = m.json();
        o.remove("config");
        o.remove("shards");
        o.put("shard_count", m.allShards().size());
        o.put("output", cfg.output());
        out.println(o.toString());
        return ExitCodes.OK;
    }
}
