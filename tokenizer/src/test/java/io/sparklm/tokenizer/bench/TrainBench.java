package io.sparklm.tokenizer.bench;

import io.sparklm.tokenizer.BpeTrainer;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.WordPieceTrainer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trainer speed on real text word counts (same corpus as EncodeBench, up to maxMB): seconds for the driver-side merge
 * loop of BpeTrainer and WordPieceTrainer at vocab 8000 (counting excluded; corpus-prep counts with Spark).
 * Prints JSON lines (no peer in-process: HF's trainer is compared by hand, see the report). args: [maxMB=20] [vocab=8000]
 */
public final class TrainBench {
  public static void main(String[] args) throws Exception {
    double maxMb = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
    List<String> docs = EncodeBench.loadDocs((long) (maxMb * 1e6));
    BpeTrainer bpe = new BpeTrainer(vocab, 2, null, false);
    WordPieceTrainer wp = new WordPieceTrainer(vocab);
    Map<String, Long> bc = new HashMap<>();
    Map<String, Long> wc = new HashMap<>();
    for (String d : docs) {
      for (String w : bpe.pretokenize(d)) bc.merge(w, 1L, Long::sum);
      for (String w : wp.pretokenize(d)) wc.merge(w, 1L, Long::sum);
    }
    System.err.printf("distinct words: bpe %d, wordpiece %d%n", bc.size(), wc.size());
    for (int rep = 0; rep < 2; rep++) {
      long t0 = System.nanoTime();
      Tokenizer tb = bpe.train(bc);
      long t1 = System.nanoTime();
      Tokenizer tw = wp.train(wc);
      long t2 = System.nanoTime();
      if (rep == 1) {
        System.out.printf("{\"name\":\"tokenizer.train.bpe.vocab%d\",\"value\":%.3f,\"unit\":\"s\",\"peer\":null,\"peer_value\":null,\"ratio\":null}%n",
            vocab, (t1 - t0) / 1e9);
        System.out.printf("{\"name\":\"tokenizer.train.wordpiece.vocab%d\",\"value\":%.3f,\"unit\":\"s\",\"peer\":null,\"peer_value\":null,\"ratio\":null}%n",
            vocab, (t2 - t1) / 1e9);
      }
      System.err.printf("rep %d: bpe %.2fs (vocab %d), wordpiece %.2fs (vocab %d)%n", rep, (t1 - t0) / 1e9, tb.vocabSize(),
          (t2 - t1) / 1e9, tw.vocabSize());
    }
  }
}
