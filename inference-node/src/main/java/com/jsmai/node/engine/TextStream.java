package com.jsmai.node.engine;

import com.jsmai.node.sampling.StopStrings;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Incremental detokenization of one sequence: appends each token's exact bytes (special tokens
 * skipped, as {@code decode(ids, true)} does), decodes only complete UTF-8 characters, and releases
 * text that cannot be the beginning of a stop string. O(1) per token, unlike re-decoding the whole
 * output each step.
 */
final class TextStream {
  private final QwenTokenizer tokenizer;
  private final StopStrings stops;
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // incomplete char
  private int emitted;
  private boolean stopped;

  TextStream(QwenTokenizer tokenizer, List<String> stopStrings) {
    this.tokenizer = tokenizer;
    this.stops = new StopStrings(stopStrings);
  }

  /**
   * Adds a generated token (not a stop token); returns the text that is now final, possibly "".
   * After a stop string appears {@link #stopped()} is true and the text ends before it.
   */
  String push(int token) {
    if (stopped || tokenizer.isSpecial(token)) {
      return "";
    }
    byte[] b = tokenizer.tokenBytes(token);
    pending.write(b, 0, b.length);
    byte[] all = pending.toByteArray();
    int complete = completePrefix(all);
    if (complete > 0) {
      text.append(new String(all, 0, complete, StandardCharsets.UTF_8));
      pending.reset();
      pending.write(all, complete, all.length - complete);
    }
    return release(false);
  }

  /** Flushes held-back text (an incomplete character becomes U+FFFD) and returns it. */
  String finish() {
    if (!stopped && pending.size() > 0) {
      text.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
      pending.reset();
    }
    return release(true);
  }

  boolean stopped() {
    return stopped;
  }

  /** The text so far (final once {@link #finish()} ran). */
  String text() {
    return text.toString();
  }

  private String release(boolean all) {
    if (stopped) {
      return "";
    }
    int cut = stops.firstMatch(text, emitted);
    int safe = text.length();
    if (cut >= 0) {
      stopped = true;
      text.setLength(cut);
      safe = cut;
    } else if (!all) {
      safe = stops.releasable(text, emitted, safe);
    }
    if (safe <= emitted) {
      return "";
    }
    String out = text.substring(emitted, safe);
    emitted = safe;
    return out;
  }

  /** Length of the longest prefix of {@code b} that does not end inside a UTF-8 character. */
  static int completePrefix(byte[] b) {
    int n = b.length;
    // Look back at most 3 bytes for the lead byte of the last character.
    for (int back = 1; back <= Math.min(4, n); back++) {
      int c = b[n - back] & 0xFF;
      if ((c & 0xC0) == 0x80) {
        continue; // continuation byte
      }
      int need =
          c < 0x80
              ? 1
              : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      return back >= need ? n : n - back;
    }
    return n; // only continuation bytes: invalid anyway, decode as replacement
  }
}
