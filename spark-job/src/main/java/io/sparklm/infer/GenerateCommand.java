package io.sparklm.infer;

import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.tokenizer.Tokenizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code sparklm generate}: continues a prompt with a GPT checkpoint through {@link Generator}'s KV-cache path
 * (float checkpoints); past the model's seq-len the context keeps its newest half and goes on. Only the generated
 * text goes to stdout.
 */
public final class GenerateCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.generate");
    static final Key<String> PROMPT = Key.required("prompt", "TEXT", "text to continue");
    static final Key<Integer> MAX_NEW = Key.integer("max-new-tokens", 50, 0, 1_000_000, "tokens to generate");
    static final Key<Double> TEMPERATURE = Key.number("temperature", 1.0, 0, 100,
            "sampling temperature; 0 = greedy");
    static final Key<Integer> TOP_K = Key.integer("top-k", 0, 0, Integer.MAX_VALUE,
            "sample among the K most likely tokens; 0 = all");
    static final Key<Double> TOP_P = Key.number("top-p", 1.0, 1e-9, 1.0, "nucleus sampling: the smallest set of"
            + " most likely tokens whose probability reaches P");
    static final Key<Integer> BEAM = Key.integer("beam", 0, 0, 64,
            "beam search with this many beams instead of sampling; 0 = off");
    static final Key<Long> SEED = Key.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE,
            "sampling seed: the same seed gives the same text");

    /** Parsed arguments. */
    record Args(String checkpoint, String prompt, int maxNew, double temperature, int topK, double topP, int beam,
                long seed) {
        static Args from(ConfigMap c) {
            return new Args(LoadedModel.CHECKPOINT.get(c), PROMPT.get(c), MAX_NEW.get(c), TEMPERATURE.get(c),
                    TOP_K.get(c), TOP_P.get(c), BEAM.get(c), SEED.get(c));
        }
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "continue a prompt with a GPT checkpoint (KV cache; greedy, sampling or beam search)";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("generation", LoadedModel.CHECKPOINT, PROMPT, MAX_NEW, TEMPERATURE, TOP_K, TOP_P,
                BEAM, SEED));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.from(c);
        LoadedModel model = LoadedModel.open(a.checkpoint());
        LOG.info("loaded " + model.dir() + " (seq-len " + model.seqLen() + ", vocab " + model.vocabSize() + ")");
        String text;
        try {
            text = generate(model, a);
        } catch (IllegalArgumentException e) { // a checkpoint or prompt the generator refuses, named by it
            throw new ConfigException("cannot generate: " + e.getMessage());
        }
        out.println(text);
        return ExitCodes.OK;
    }

    static String generate(LoadedModel model, Args a) {
        Tokenizer tok = model.tokenizer();
        int eot = tok.tokenToId("<|endoftext|>");
        int pad = tok.tokenToId("[PAD]");
        int[] promptIds = tok.encode(a.prompt(), false);
        int[] context = promptIds;
        if (eot >= 0) {
            context = new int[promptIds.length + 1];
            context[0] = eot;
            System.arraycopy(promptIds, 0, context, 1, promptIds.length);
        }
        Generator gen = new Generator(model, pad >= 0 ? pad : 0, eot);
        int[] ids = a.beam() > 0 ? gen.beam(context, a.maxNew(), a.beam())
                : gen.sample(context, a.maxNew(), new Sampler(a.temperature(), a.topK(), a.topP()), a.seed());
        return tok.decode(ids, true);
    }

}
