package io.sparklm.prep;

import io.sparklm.cli.Command;
import io.sparklm.cli.DataException;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.jsonl.JsonLinesCodec;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code sparklm tokenizer encode} and {@code sparklm tokenizer decode}: JSON lines on stdin to JSON lines on
 * stdout ({@link JsonLinesCodec}), nothing else on stdout. A bad input line stops with exit 7 naming its number.
 */
public final class TokenizerCodecCommand implements Command {
    static final Key<String> TOKENIZER = Key.required("tokenizer", "URI", "a HuggingFace tokenizer.json");
    static final Key<Boolean> ADD_SPECIAL = Key.bool("add-special-tokens", false,
            "add the tokenizer's template tokens ([CLS] ... [SEP] for BERT)");
    static final Key<Boolean> SKIP_SPECIAL = Key.bool("skip-special-tokens", false,
            "leave special tokens out of the text");
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.tokenizer");

    private final boolean encode;

    private TokenizerCodecCommand(boolean encode) {
        this.encode = encode;
    }

    public static TokenizerCodecCommand encode() {
        return new TokenizerCodecCommand(true);
    }

    public static TokenizerCodecCommand decode() {
        return new TokenizerCodecCommand(false);
    }

    @Override
    public String name() {
        return encode ? "tokenizer encode" : "tokenizer decode";
    }

    @Override
    public String summary() {
        return encode ? "JSON lines {\"text\": ...} on stdin to lines of token ids on stdout"
                : "lines of token ids on stdin to JSON lines {\"text\": ...} on stdout";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of(encode ? "encode" : "decode", TOKENIZER, encode ? ADD_SPECIAL : SKIP_SPECIAL));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        String uri = TOKENIZER.get(c);
        boolean flag = (encode ? ADD_SPECIAL : SKIP_SPECIAL).get(c);
        Path p = HadoopFs.resolve(uri);
        String json = HadoopFs.readString(HadoopFs.fs(p, HadoopConf.fromSparkProperties()), p);
        Tokenizer tok;
        try {
            tok = Tokenizer.fromJson(json);
        } catch (RuntimeException e) {
            throw new ConfigException("config key 'tokenizer': " + uri + " is not a valid tokenizer.json: "
                    + e.getMessage());
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long[] n;
        try {
            n = encode ? JsonLinesCodec.encode(tok, in, w, flag) : JsonLinesCodec.decode(tok, in, w, flag);
        } catch (JsonLinesCodec.BadLine e) {
            throw new DataException(e.getMessage());
        }
        LOG.info("{}: {} lines, {} tokens", encode ? "encode" : "decode", n[0], n[1]);
        return ExitCodes.OK;
    }
}
