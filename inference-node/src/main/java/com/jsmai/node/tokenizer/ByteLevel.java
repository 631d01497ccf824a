package com.jsmai.node.tokenizer;

import java.io.ByteArrayOutputStream;

/**
 * GPT-2 byte-level BPE alphabet: each byte maps to one printable code point, and back. Public for
 * the constrained decoder's {@code TokenVocabulary}, which reads the same vocabulary as bytes.
 */
public final class ByteLevel {
  private ByteLevel() {}

  /** {@code bytes_to_unicode}: byte → code point. */
  static int[] byteToUnicode() {
    int[] map = new int[256];
    boolean[] direct = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      direct[b] = true;
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      direct[b] = true;
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      direct[b] = true;
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      map[b] = direct[b] ? b : 256 + n++;
    }
    return map;
  }

  /** Inverse table indexed by code point (size 512); -1 where no byte maps. */
  public static int[] unicodeToByte() {
    int[] forward = byteToUnicode();
    int[] inverse = new int[512];
    java.util.Arrays.fill(inverse, -1);
    for (int b = 0; b < 256; b++) {
      inverse[forward[b]] = b;
    }
    return inverse;
  }

  /** Decodes a vocabulary string to its bytes; characters outside the alphabet pass as UTF-8. */
  static byte[] decode(String token, int[] inverse) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
    token
        .codePoints()
        .forEach(
            cp -> {
              if (cp < inverse.length && inverse[cp] >= 0) {
                out.write(inverse[cp]);
              } else {
                byte[] b =
                    new String(Character.toChars(cp))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
              }
            });
    return out.toByteArray();
  }
}
