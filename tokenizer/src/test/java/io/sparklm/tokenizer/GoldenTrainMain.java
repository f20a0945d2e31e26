package io.sparklm.tokenizer;

import java.nio.file.Path;

/**
 * Used by scripts/gen-tokenizer-goldens: writes the trained-tokenizer goldens (GOLDEN_DIR/trained-*.tokenizer.json)
 * from GOLDEN_DIR/texts.jsonl (on the test classpath) and our GPT-2 tokenizer.json to ASSET_DIR/gpt2/tokenizer.sparklm.json.
 * args: GOLDEN_DIR ASSET_DIR
 */
public final class GoldenTrainMain {
  public static void main(String[] args) throws Exception {
    Path golden = Path.of(args[0]);
    Path assets = Path.of(args[1]);
    Golden.trainBpe().save(golden.resolve("trained-bpe.tokenizer.json"));
    Golden.trainWordPiece().save(golden.resolve("trained-wordpiece.tokenizer.json"));
    Golden.gpt2().save(assets.resolve("gpt2/tokenizer.sparklm.json"));
    System.err.println("wrote trained tokenizers to " + golden + " and our GPT-2 tokenizer.json to " + assets);
  }
}
