package com.jsmai.node.sampling;

import java.util.List;

/**
 * The stop-string rule of a request, shared by the reference loop ({@link TextGenerator}) and the
 * serving engine's incremental detokenizer: the output ends before the earliest complete stop
 * string, and streamed text never includes a suffix that could still grow into one. Callers keep
 * the growing text and how much of it they have emitted; this class only answers where to cut and
 * how far it is safe to release.
 */
public final class StopStrings {
  private final List<String> strings;
  private final int maxLength;

  /** {@code strings}: non-empty stop strings (as {@link SamplingParams} validates them). */
  public StopStrings(List<String> strings) {
    this.strings = List.copyOf(strings);
    this.maxLength = this.strings.stream().mapToInt(String::length).max().orElse(0);
  }

  /**
   * Start of the earliest stop string in {@code text}, or -1. Text before {@code emitted} was
   * already checked, so the search starts one stop-string length before it.
   */
  public int firstMatch(CharSequence text, int emitted) {
    int searchFrom = Math.max(0, emitted - maxLength);
    int cut = -1;
    for (String s : strings) {
      int at = indexOf(text, s, searchFrom);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    return cut;
  }

  /**
   * How much of {@code text[0, end)} may be released: {@code end} less a suffix (after {@code
   * emitted}) that is the beginning of a stop string, checked for each stop string in turn.
   */
  public int releasable(CharSequence text, int emitted, int end) {
    int safe = end;
    for (String s : strings) {
      for (int len = Math.min(s.length() - 1, safe - emitted); len > 0; len--) {
        if (regionEquals(text, safe - len, s, len)) {
          safe -= len;
          break;
        }
      }
    }
    return safe;
  }

  private static int indexOf(CharSequence text, String s, int from) {
    for (int at = from; at <= text.length() - s.length(); at++) {
      if (regionEquals(text, at, s, s.length())) {
        return at;
      }
    }
    return -1;
  }

  private static boolean regionEquals(CharSequence text, int from, String s, int len) {
    for (int i = 0; i < len; i++) {
      if (text.charAt(from + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
