package io.sparklm.prep.job;

import io.sparklm.tokenizer.Tokenizer;

/**
 * One {@link Tokenizer} per JVM (executor), built lazily from the broadcast tokenizer.json text and reused by
 * every task (the driver validates the tokenizer through it too, so in local mode tasks find it parsed); rebuilt
 * only if a different JSON arrives (a later job in the same JVM).
 */
public final class TokenizerHolder {
    private static final Object LOCK = new Object();
    private static String json;
    private static Tokenizer tokenizer;
    private static boolean[] wordStart;

    private TokenizerHolder() {}

    public static Tokenizer get(String tokenizerJson) {
        synchronized (LOCK) {
            if (tokenizer == null || !tokenizerJson.equals(json)) {
                tokenizer = Tokenizer.fromJson(tokenizerJson);
                json = tokenizerJson;
                wordStart = null;
            }
            return tokenizer;
        }
    }

    /** {@code startsWord(id)} for every id, for whole-word masking. */
    public static boolean[] wordStart(String tokenizerJson) {
        Tokenizer t = get(tokenizerJson);
        synchronized (LOCK) {
            if (wordStart == null) {
                boolean[] w = new boolean[t.vocabSize()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = t.startsWord(i);
                }
                wordStart = w;
            }
            return wordStart;
        }
    }
}
