package io.sparklm.finetune;

import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.post.TemplateProcessor;

import java.util.Arrays;
import java.util.List;

/**
 * Texts to model inputs with the checkpoint's tokenizer, at most {@code maxLength} tokens. A tokenizer with a
 * template post-processor (bert: {@code [CLS] A [SEP]}, pair {@code [CLS] A [SEP] B [SEP]}) places its special
 * tokens and segment ids; any other (GPT-2's byte level) gets {@code A EOS} and {@code A EOS B EOS} with the
 * tokenizer's end-of-document token (pre-training put one after every document), segment 1 from B on. Too long
 * inputs keep every special token and lose tokens at the end of their texts as HF tokenizers' longest_first does:
 * the longer text is cut to what the shorter leaves, both to half when the shorter needs more than half.
 */
public final class ExampleEncoder {
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final TemplateProcessor template;
    private final int eos;

    /** {@code gpt}: a causal model (no template needed); bert needs a template post-processor. */
    public ExampleEncoder(Tokenizer tokenizer, boolean gpt, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.template = tokenizer.postProcessor() instanceof TemplateProcessor t ? t : null;
        this.eos = SpecialTokens.of(tokenizer).eos();
        if (template == null && !gpt) {
            throw new IllegalArgumentException("a bert classifier needs a tokenizer whose post-processor adds [CLS]"
                    + " and [SEP] (TemplateProcessing in tokenizer.json)");
        }
        if (maxLength < specials(true) + 2) {
            throw new IllegalArgumentException("max-length " + maxLength + " leaves no room for text next to "
                    + specials(true) + " special tokens");
        }
    }

    /** The encoding of {@code text} (and {@code pairOrNull}) with label index {@code label}; and whether it was cut. */
    public record Encoded(Example example, boolean truncated) {}

    public Encoded encode(String text, String pairOrNull, int label) {
        int[] a = tokenizer.encode(text, false);
        int[] b = pairOrNull == null ? null : tokenizer.encode(pairOrNull, false);
        int budget = maxLength - specials(b != null);
        int la = a.length;
        int lb = b == null ? 0 : b.length;
        boolean cut = la + lb > budget;
        if (cut && b == null) {
            la = budget;
        } else if (cut) { // HF tokenizers' longest_first: the shorter text keeps its length if it fits in half
            int shortLen = Math.min(la, lb);
            int keepShort = shortLen;
            int keepLong = Math.max(shortLen, budget - shortLen);
            if (keepShort + keepLong > budget) {
                keepShort = budget / 2;
                keepLong = keepShort + budget % 2;
            }
            if (la <= lb) {
                la = Math.min(la, keepShort);
                lb = Math.min(lb, keepLong);
            } else {
                la = Math.min(la, keepLong);
                lb = Math.min(lb, keepShort);
            }
        }
        a = Arrays.copyOf(a, la);
        b = b == null ? null : Arrays.copyOf(b, lb);
        return new Encoded(assemble(a, b, label), cut);
    }

    private Example assemble(int[] a, int[] b, int label) {
        int[] out = new int[maxLength];
        int n = 0;
        int segmentStart = -1;
        if (template == null) {
            n = put(out, n, a);
            n = eos >= 0 ? put(out, n, new int[] {eos}) : n;
            if (b != null) {
                segmentStart = n;
                n = put(out, n, b);
                n = eos >= 0 ? put(out, n, new int[] {eos}) : n;
            }
        } else {
            for (TemplateProcessor.Piece p : b == null ? template.single() : template.pair()) {
                if (p.typeId() == 1 && segmentStart < 0) {
                    segmentStart = n;
                }
                if (p.specialToken() != null) {
                    n = put(out, n, template.specialTokens().get(p.specialToken()));
                } else {
                    n = put(out, n, "A".equals(p.sequence()) ? a : b == null ? new int[0] : b);
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the text has no tokens");
        }
        return new Example(Arrays.copyOf(out, n), segmentStart < 0 ? n : segmentStart, label);
    }

    private static int put(int[] out, int n, int[] ids) {
        System.arraycopy(ids, 0, out, n, ids.length);
        return n + ids.length;
    }

    /** Special tokens the encoding adds to a single text ({@code pair} false) or a pair. */
    int specials(boolean pair) {
        if (template == null) {
            return eos < 0 ? 0 : pair ? 2 : 1;
        }
        List<TemplateProcessor.Piece> t = pair ? template.pair() : template.single();
        int n = 0;
        for (TemplateProcessor.Piece p : t) {
            n += p.specialToken() == null ? 0 : template.specialTokens().get(p.specialToken()).length;
        }
        return n;
    }

    public int maxLength() {
        return maxLength;
    }
}
