package io.sparklm.infer;

import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.tokenizer.Tokenizer;

import java.io.PrintStream;

/**
 * {@code GenerateCli --checkpoint URI --prompt TEXT [--max-new-tokens N] [--temperature T] [--top-k K]
 * [--top-p P] [--beam B] [--seed S]}: continues TEXT with a GPT checkpoint (a checkpoint dir or a run output,
 * whose latest complete checkpoint is used). Prints only the generated text on stdout; progress on stderr.
 * Exit 0 ok, 1 runtime failure (e.g. unreadable checkpoint), 2 bad arguments.
 */
public final class GenerateCli {
    static final String USAGE = String.join("\n",
            "usage: GenerateCli --checkpoint URI --prompt TEXT [options]",
            "  --checkpoint URI      checkpoint directory (has model.zip) or run output (uses checkpoints/latest)",
            "  --prompt TEXT         text to continue",
            "  --max-new-tokens N    tokens to generate (default 50)",
            "  --temperature T       0 = greedy (default 1.0)",
            "  --top-k K             sample among the K most likely tokens, 0 = all (default 0)",
            "  --top-p P             nucleus sampling mass in (0,1] (default 1.0)",
            "  --beam B              beam search with B beams instead of sampling (default 0 = off)",
            "  --seed S              sampling seed (default 0); same seed, same output");

    /** Parsed arguments. */
    record Args(String checkpoint, String prompt, int maxNew, double temperature, int topK, double topP, int beam,
                long seed) {
        static Args from(ConfigMap c) {
            return new Args(c.requiredString("checkpoint"), c.requiredString("prompt"),
                    c.integer("max-new-tokens", 50, 0, 1_000_000), c.number("temperature", 1.0, 0, 100),
                    c.integer("top-k", 0, 0, Integer.MAX_VALUE), c.number("top-p", 1.0, 1e-9, 1.0),
                    c.integer("beam", 0, 0, 64), c.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    public static void main(String[] argv) {
        ExitCodes.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return CliShell.run("GenerateCli", USAGE, argv, out, err, Args::from, (a, o, e) -> {
            LoadedModel model = LoadedModel.open(a.checkpoint());
            e.println("loaded " + model.dir() + " (seq-len " + model.seqLen() + ", vocab " + model.vocabSize() + ")");
            o.print(generate(model, a));
            o.println();
        });
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
