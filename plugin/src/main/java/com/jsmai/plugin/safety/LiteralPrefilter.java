package com.jsmai.plugin.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a set of patterns over a text without trying each at every position: one Aho–Corasick pass
 * finds every occurrence of every pattern's anchor literals ({@link RegexAnchor}), and a pattern is
 * tried (with {@link Matcher#lookingAt}) only at the starts its anchor allows, in increasing order.
 * The first start that matches is the start {@link Matcher#find} would have returned, and the match
 * there is the same, because {@code find} tries the same starts in the same order with the same
 * engine and no other start can match. Immutable and thread-safe; a pattern without an anchor, or a
 * text that is not a folded view when the patterns assume one, is searched with {@code find} as
 * before.
 */
final class LiteralPrefilter {

  private final List<Pattern> patterns;
  private final boolean folded;
  private final RegexAnchor.Anchor[] anchors;

  /** For each pattern, the ids of its anchor's literals in {@link #literals}. */
  private final int[][] literalIds;

  /** For each pattern and each of its literals, the offsets the anchor allows. */
  private final int[][] minOffsets;

  private final int[][] maxOffsets;

  /** For each pattern and each of its literals, the class of the run before it, or null. */
  private final CharClass[][] runs;

  private final List<String> literals;
  // Aho–Corasick automaton over the literals: a dense transition table for the ASCII characters
  // the literals use (column 0: every other ASCII character, which always leads back to the root),
  // the trie's own edges and failure links for the rest.
  private final int[] column = new int[128];
  private final int columns;
  private final char[] ascii;
  private final List<Map<Character, Integer>> edges;
  private final int[] fail;
  private final int[][] out;

  /** For patterns that run only on folded views ({@link TextNormalizer#fold}). */
  LiteralPrefilter(List<Pattern> patterns) {
    this(patterns, true);
  }

  /**
   * @param folded the patterns run only on folded views, and {@link #scan} refuses other text;
   *     false for patterns run on any text (anchors are then derived without the folded view's
   *     whitespace rule)
   */
  LiteralPrefilter(List<Pattern> patterns, boolean folded) {
    this.folded = folded;
    this.patterns = List.copyOf(patterns);
    anchors = new RegexAnchor.Anchor[patterns.size()];
    literalIds = new int[patterns.size()][];
    minOffsets = new int[patterns.size()][];
    maxOffsets = new int[patterns.size()][];
    runs = new CharClass[patterns.size()][];
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < patterns.size(); i++) {
      anchors[i] = RegexAnchor.of(patterns.get(i), folded);
      if (anchors[i] == null) continue;
      List<RegexAnchor.Term> terms = anchors[i].terms();
      literalIds[i] = new int[terms.size()];
      minOffsets[i] = new int[terms.size()];
      maxOffsets[i] = new int[terms.size()];
      runs[i] = new CharClass[terms.size()];
      for (int t = 0; t < terms.size(); t++) {
        literalIds[i][t] = ids.computeIfAbsent(terms.get(t).literal(), k -> ids.size());
        minOffsets[i][t] = terms.get(t).minOffset();
        maxOffsets[i][t] = terms.get(t).maxOffset();
        if (terms.get(t).runClass() != null) runs[i][t] = new CharClass(terms.get(t).runClass());
      }
    }
    literals = List.copyOf(ids.keySet());

    edges = new ArrayList<>();
    edges.add(new HashMap<>());
    List<List<Integer>> outputs = new ArrayList<>();
    outputs.add(new ArrayList<>());
    for (int id = 0; id < literals.size(); id++) {
      int s = 0;
      for (char c : literals.get(id).toCharArray()) {
        Integer t = edges.get(s).get(c);
        if (t == null) {
          t = edges.size();
          edges.add(new HashMap<>());
          outputs.add(new ArrayList<>());
          edges.get(s).put(c, t);
        }
        s = t;
      }
      outputs.get(s).add(id);
    }
    int n = edges.size();
    fail = new int[n];
    // Breadth first, so a state's failure state is complete before its children's.
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int t : edges.get(0).values()) queue[tail++] = t;
    while (head < tail) {
      int s = queue[head++];
      for (Map.Entry<Character, Integer> e : edges.get(s).entrySet()) {
        int t = e.getValue();
        int f = fail[s];
        while (f != 0 && !edges.get(f).containsKey(e.getKey())) f = fail[f];
        Integer g = edges.get(f).get(e.getKey());
        fail[t] = g != null && g != t ? g : 0;
        outputs.get(t).addAll(outputs.get(fail[t]));
        queue[tail++] = t;
      }
    }
    out = new int[n][];
    for (int s = 0; s < n; s++)
      out[s] = outputs.get(s).stream().mapToInt(Integer::intValue).toArray();
    if (n > Character.MAX_VALUE) throw new IllegalStateException("too many literals: " + n);
    int used = 1;
    for (String l : literals) {
      for (char c : l.toCharArray()) if (c < 128 && column[c] == 0) column[c] = used++;
    }
    columns = used;
    ascii = new char[n * columns];
    for (int i = 0; i < tail + 1; i++) {
      int s = i == 0 ? 0 : queue[i - 1];
      for (char c = 0; c < 128; c++) {
        if (column[c] == 0) continue;
        Integer t = edges.get(s).get(c);
        int to = t != null ? t : s == 0 ? 0 : ascii[fail[s] * columns + column[c]];
        ascii[s * columns + column[c]] = (char) to;
      }
    }
  }

  /** The patterns' anchors, null where a pattern has none; for tests and documentation. */
  RegexAnchor.Anchor anchor(int pattern) {
    return anchors[pattern];
  }

  int size() {
    return patterns.size();
  }

  Pattern pattern(int index) {
    return patterns.get(index);
  }

  /** Every literal of every anchor, for tests. */
  List<String> literals() {
    return literals;
  }

  /**
   * Where the literals occur in one view; null when the view is not folded (then every pattern is
   * searched with {@code find}).
   */
  Occurrences scan(String view) {
    if (folded && !isFoldedView(view)) return null;
    int[][] positions = new int[literals.size()][];
    int[] counts = new int[literals.size()];
    int s = 0;
    for (int i = 0; i < view.length(); i++) {
      char c = view.charAt(i);
      if (c < 128) {
        s = ascii[s * columns + column[c]];
      } else {
        Integer t;
        while ((t = edges.get(s).get(c)) == null && s != 0) s = fail[s];
        s = t == null ? 0 : t;
      }
      for (int id : out[s]) {
        int[] p = positions[id];
        if (p == null) p = positions[id] = new int[8];
        else if (counts[id] == p.length) p = positions[id] = Arrays.copyOf(p, p.length * 2);
        p[counts[id]++] = i + 1 - literals.get(id).length();
      }
    }
    return new Occurrences(view, positions, counts);
  }

  /** The occurrences of the literals in one view. */
  static final class Occurrences {
    private final String view;
    private final int[][] positions;
    private final int[] counts;

    private Occurrences(String view, int[][] positions, int[] counts) {
      this.view = view;
      this.positions = positions;
      this.counts = counts;
    }
  }

  /**
   * The first match of pattern {@code index} in {@code view} between {@code from} and {@code to},
   * as {@code pattern.matcher(view)} with transparent, non-anchoring bounds and that region would
   * find it (for the whole view that is also what a plain {@code matcher(view).find()} finds); null
   * when there is none. {@code occurrences} is {@link #scan} of the same view, or null.
   */
  Matcher find(int index, String view, Occurrences occurrences, int from, int to) {
    Pattern pattern = patterns.get(index);
    Matcher m = pattern.matcher(view).useTransparentBounds(true).useAnchoringBounds(false);
    RegexAnchor.Anchor anchor = anchors[index];
    if (anchor == null || occurrences == null || occurrences.view != view) {
      m.region(from, to);
      return m.find() ? m : null;
    }
    long[] intervals = candidateIntervals(index, occurrences, from, to);
    if (intervals == null) {
      m.region(from, to);
      return m.find() ? m : null;
    }
    return nextMatch(m, intervals, 0, from, to) >= 0 ? m : null;
  }

  /**
   * How many times {@code while (pattern.matcher(view).find()) n++} counts, for pattern {@code
   * index}; {@code occurrences} is {@link #scan} of the view, or null.
   */
  int count(int index, String view, Occurrences occurrences) {
    Pattern pattern = patterns.get(index);
    long[] intervals =
        anchors[index] == null || occurrences == null || occurrences.view != view
            ? null
            : candidateIntervals(index, occurrences, 0, view.length());
    if (intervals == null) {
      Matcher m = pattern.matcher(view);
      int n = 0;
      while (m.find()) n++;
      return n;
    }
    Matcher m = pattern.matcher(view).useTransparentBounds(true).useAnchoringBounds(false);
    int n = 0;
    int at = 0;
    int from = 0;
    while ((at = nextMatch(m, intervals, at, from, view.length())) >= 0) {
      n++;
      // Where find() goes on: after the match, or one further after an empty one.
      from = m.end() == m.start() ? m.end() + 1 : m.end();
      if (from > view.length()) break;
    }
    return n;
  }

  /**
   * Tries the candidate starts at or after {@code from}, in increasing order, each once (the order
   * find() tries them in), beginning with interval {@code first}; returns the index of the interval
   * that matched (the matcher holds the match), or -1.
   */
  private static int nextMatch(Matcher m, long[] intervals, int first, int from, int to) {
    int next = from;
    for (int i = first; i < intervals.length; i++) {
      int lo = Math.max(next, (int) (intervals[i] >> 32));
      int hi = (int) intervals[i];
      for (int s = lo; s <= hi; s++) {
        m.region(s, to);
        if (m.lookingAt()) return i;
      }
      next = Math.max(next, hi + 1);
    }
    return -1;
  }

  /**
   * The starts the anchor allows inside {@code from..to}: for each occurrence of a literal, the
   * occurrence's position minus the literal's offsets. Packed (first start, last start), sorted.
   */
  private long[] candidateIntervals(int index, Occurrences occ, int from, int to) {
    int total = 0;
    for (int id : literalIds[index]) total += occ.counts[id];
    long[] out = new long[total];
    int k = 0;
    int[] ids = literalIds[index];
    for (int t = 0; t < ids.length; t++) {
      int[] positions = occ.positions[ids[t]];
      CharClass run = runs[index][t];
      if (run != null) {
        // Each start of the run of the class that ends at the literal, at least minOffset long.
        for (int i = 0; i < occ.counts[ids[t]]; i++) {
          int p = positions[i];
          int steps = 0;
          if (minOffsets[index][t] == 0 && p >= from && p <= to) {
            if (k == out.length) out = Arrays.copyOf(out, out.length * 2 + 16);
            out[k++] = ((long) p << 32) | p;
          }
          while (p > from) {
            int cp = occ.view.codePointBefore(p);
            if (!run.contains(cp)) break;
            p -= Character.charCount(cp);
            steps++;
            if (steps > MAX_RUN) return null;
            if (steps >= minOffsets[index][t] && p <= to) {
              if (k == out.length) out = Arrays.copyOf(out, out.length * 2 + 16);
              out[k++] = ((long) p << 32) | p;
            }
          }
        }
        continue;
      }
      for (int i = 0; i < occ.counts[ids[t]]; i++) {
        int lo = Math.max(from, positions[i] - maxOffsets[index][t]);
        int hi = Math.min(to, positions[i] - minOffsets[index][t]);
        if (lo <= hi) {
          if (k == out.length) out = Arrays.copyOf(out, out.length * 2 + 16);
          out[k++] = ((long) lo << 32) | hi;
        }
      }
    }
    if (anchors[index].textStart() && from == 0) {
      // A ^: with non-anchoring bounds it matches at position 0 only.
      if (k == out.length) out = Arrays.copyOf(out, out.length + 1);
      out[k++] = 0L;
    }
    out = Arrays.copyOf(out, k);
    Arrays.sort(out);
    return out;
  }

  /**
   * Longer runs before a literal make the pattern fall back to a plain search (no quadratic walk).
   */
  private static final int MAX_RUN = 1_000;

  /**
   * The property {@link RegexAnchor} relies on: the only whitespace is a space, never two in a row
   * ({@link TextNormalizer#fold} guarantees it; checked, not assumed).
   */
  static boolean isFoldedView(String view) {
    char prev = 'x';
    for (int i = 0; i < view.length(); i++) {
      char c = view.charAt(i);
      if (c == ' ' ? prev == ' ' : RegexAnchor.isOtherWhitespace(c)) return false;
      prev = c;
    }
    return true;
  }
}
