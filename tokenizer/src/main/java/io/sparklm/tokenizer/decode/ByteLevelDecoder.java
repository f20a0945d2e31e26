package io.sparklm.tokenizer.decode;

import io.sparklm.tokenizer.pretokenize.ByteLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** HF "ByteLevel" decoder: maps alphabet chars back to bytes (other chars pass as their UTF-8), then lossy UTF-8 decode. */
public record ByteLevelDecoder(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements Decoder {
  @Override
  public String decode(List<String> tokens) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String t : tokens) {
      for (int i = 0; i < t.length(); ) {
        int cp = t.codePointAt(i);
        i += Character.charCount(cp);
        int b = cp < ByteLevel.CHAR_TO_BYTE.length ? ByteLevel.CHAR_TO_BYTE[cp] : -1;
        if (b >= 0) {
          bytes.write(b);
        } else {
          byte[] u = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          bytes.write(u, 0, u.length);
        }
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
