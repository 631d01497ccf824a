package com.jsmai.node.constrain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A deterministic automaton over Unicode code points for the practical subset of JSON Schema {@code
 * pattern} regexes: literals, escapes ({@code \d \w \s \D \W \S}, {@code \.} etc.), classes {@code
 * [a-z0-9_]} and {@code [^...]}, {@code .}, groups {@code (...)} and {@code (?:...)}, alternation,
 * and the quantifiers {@code * + ? {n} {n,} {n,m}} (lazy forms accepted, same language). {@code ^}
 * only at the very start and {@code $} only at the very end; a side without its anchor matches
 * anything (JSON Schema patterns are searches, not full matches). Classes follow Java's regex
 * semantics, which the validator uses: ASCII {@code \d \w \s}; {@code .} excludes line terminators.
 * Lookaround, backreferences and other anchors are rejected.
 *
 * <p>Only states that can still reach an accepting state are kept, so every transition is live.
 */
final class PatternDfa {
  static final int MAX_CP = 0x10FFFF;
  private static final int MAX_STATES = 2000;

  final int start;
  final boolean[] accepting;

  /** Per state: sorted disjoint ranges {@code [lo[i], hi[i]]} going to {@code to[i]}. */
  final int[][] lo;

  final int[][] hi;
  final int[][] to;

  private PatternDfa(int start, boolean[] accepting, int[][] lo, int[][] hi, int[][] to) {
    this.start = start;
    this.accepting = accepting;
    this.lo = lo;
    this.hi = hi;
    this.to = to;
  }

  int states() {
    return accepting.length;
  }

  /** Target state for code point {@code cp}, or -1. */
  int step(int q, int cp) {
    int[] l = lo[q];
    int a = 0;
    int b = l.length - 1;
    while (a <= b) {
      int m = (a + b) >>> 1;
      if (cp < l[m]) {
        b = m - 1;
      } else if (cp > hi[q][m]) {
        a = m + 1;
      } else {
        return to[q][m];
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- regex AST

  private sealed interface Re permits Chars, Seq, Alt, Rep {}

  /** A set of code points as sorted disjoint inclusive ranges {lo0, hi0, lo1, hi1, ...}. */
  private record Chars(int[] ranges) implements Re {}

  private record Seq(List<Re> items) implements Re {}

  private record Alt(List<Re> options) implements Re {}

  private record Rep(Re body, int min, int max) implements Re {}

  static PatternDfa compile(String pattern) {
    String p = pattern;
    boolean anchoredStart = p.startsWith("^");
    if (anchoredStart) {
      p = p.substring(1);
    }
    boolean anchoredEnd = p.endsWith("$") && !endsWithEscapedDollar(p);
    if (anchoredEnd) {
      p = p.substring(0, p.length() - 1);
    }
    Parser parser = new Parser(p, pattern);
    Re re = parser.parseAlt();
    if (parser.pos != p.length()) {
      throw parser.fail("unexpected '" + p.charAt(parser.pos) + "'");
    }
    if ((anchoredStart || anchoredEnd) && re instanceof Alt && (!anchoredStart || !anchoredEnd)) {
      throw new InvalidConstraintException(
          "pattern " + pattern + ": an anchor on one alternative only is not supported");
    }
    Re any = new Rep(new Chars(new int[] {0, MAX_CP}), 0, -1);
    List<Re> seq = new ArrayList<>();
    if (!anchoredStart) {
      seq.add(any);
    }
    seq.add(re);
    if (!anchoredEnd) {
      seq.add(any);
    }
    return build(new Seq(seq), pattern);
  }

  private static boolean endsWithEscapedDollar(String p) {
    int backslashes = 0;
    for (int i = p.length() - 2; i >= 0 && p.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private static final class Parser {
    final String p;
    final String original;
    int pos;

    Parser(String p, String original) {
      this.p = p;
      this.original = original;
    }

    InvalidConstraintException fail(String why) {
      return new InvalidConstraintException(
          "pattern " + original + " is not supported at offset " + pos + ": " + why);
    }

    Re parseAlt() {
      List<Re> options = new ArrayList<>();
      options.add(parseSeq());
      while (pos < p.length() && p.charAt(pos) == '|') {
        pos++;
        options.add(parseSeq());
      }
      return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    Re parseSeq() {
      List<Re> items = new ArrayList<>();
      while (pos < p.length() && p.charAt(pos) != '|' && p.charAt(pos) != ')') {
        Re atom = parseAtom();
        items.add(parseQuantifiers(atom));
      }
      return new Seq(items);
    }

    Re parseQuantifiers(Re atom) {
      while (pos < p.length()) {
        char c = p.charAt(pos);
        int min;
        int max;
        if (c == '*') {
          min = 0;
          max = -1;
          pos++;
        } else if (c == '+') {
          min = 1;
          max = -1;
          pos++;
        } else if (c == '?') {
          min = 0;
          max = 1;
          pos++;
        } else if (c == '{' && pos + 1 < p.length() && Character.isDigit(p.charAt(pos + 1))) {
          int close = p.indexOf('}', pos);
          if (close < 0) {
            throw fail("unclosed {");
          }
          String body = p.substring(pos + 1, close);
          try {
            int comma = body.indexOf(',');
            if (comma < 0) {
              min = max = Integer.parseInt(body);
            } else {
              min = Integer.parseInt(body.substring(0, comma));
              String rest = body.substring(comma + 1);
              max = rest.isEmpty() ? -1 : Integer.parseInt(rest);
            }
          } catch (NumberFormatException e) {
            throw fail("bad repetition {" + body + "}");
          }
          if (min > 1000 || max > 1000 || (max >= 0 && max < min)) {
            throw fail("repetition {" + body + "} out of range");
          }
          pos = close + 1;
        } else {
          return atom;
        }
        if (pos < p.length() && p.charAt(pos) == '?') {
          pos++; // lazy quantifier: same language
        } else if (pos < p.length() && p.charAt(pos) == '+') {
          throw fail("possessive quantifiers");
        }
        atom = new Rep(atom, min, max);
      }
      return atom;
    }

    Re parseAtom() {
      char c = p.charAt(pos);
      switch (c) {
        case '(':
          pos++;
          if (p.startsWith("?:", pos)) {
            pos += 2;
          } else if (pos < p.length() && p.charAt(pos) == '?') {
            throw fail("lookaround and named groups");
          }
          Re inner = parseAlt();
          if (pos >= p.length() || p.charAt(pos) != ')') {
            throw fail("unclosed (");
          }
          pos++;
          return inner;
        case '[':
          return parseClass();
        case '.':
          pos++;
          return new Chars(
              complement(new int[] {'\n', '\n', '\r', '\r', 0x85, 0x85, 0x2028, 0x2029}));
        case '\\':
          pos++;
          return new Chars(parseEscape(false));
        case '^':
        case '$':
          throw fail("anchors inside the pattern");
        case '*':
        case '+':
        case '?':
          throw fail("quantifier without operand");
        default:
          int cp = p.codePointAt(pos);
          pos += Character.charCount(cp);
          return new Chars(new int[] {cp, cp});
      }
    }

    int[] parseEscape(boolean inClass) {
      if (pos >= p.length()) {
        throw fail("trailing backslash");
      }
      char c = p.charAt(pos++);
      switch (c) {
        case 'd':
          return new int[] {'0', '9'};
        case 'D':
          return complement(new int[] {'0', '9'});
        case 'w':
          return new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
        case 'W':
          return complement(new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});
        case 's':
          return new int[] {'\t', '\r', ' ', ' '};
        case 'S':
          return complement(new int[] {'\t', '\r', ' ', ' '});
        case 'n':
          return new int[] {'\n', '\n'};
        case 't':
          return new int[] {'\t', '\t'};
        case 'r':
          return new int[] {'\r', '\r'};
        case 'f':
          return new int[] {'\f', '\f'};
        case 'v':
          return new int[] {0x0B, 0x0B};
        case 'u':
          if (pos + 4 > p.length()) {
            throw fail("short \\u escape");
          }
          int v;
          try {
            v = Integer.parseInt(p.substring(pos, pos + 4), 16);
          } catch (NumberFormatException e) {
            throw fail("bad \\u escape");
          }
          pos += 4;
          return new int[] {v, v};
        default:
          if (Character.isLetterOrDigit(c)) {
            throw fail("escape \\" + c);
          }
          return new int[] {c, c};
      }
    }

    Re parseClass() {
      pos++; // [
      boolean negate = false;
      if (pos < p.length() && p.charAt(pos) == '^') {
        negate = true;
        pos++;
      }
      List<int[]> parts = new ArrayList<>();
      boolean first = true;
      while (true) {
        if (pos >= p.length()) {
          throw fail("unclosed [");
        }
        char c = p.charAt(pos);
        if (c == ']' && !first) {
          pos++;
          break;
        }
        first = false;
        int[] item;
        if (c == '[') {
          throw fail("nested classes");
        } else if (c == '\\') {
          pos++;
          item = parseEscape(true);
        } else {
          int cp = p.codePointAt(pos);
          pos += Character.charCount(cp);
          item = new int[] {cp, cp};
        }
        if (item.length == 2
            && item[0] == item[1]
            && pos + 1 < p.length()
            && p.charAt(pos) == '-'
            && p.charAt(pos + 1) != ']') {
          pos++;
          int[] end;
          if (p.charAt(pos) == '\\') {
            pos++;
            end = parseEscape(true);
          } else {
            int cp = p.codePointAt(pos);
            pos += Character.charCount(cp);
            end = new int[] {cp, cp};
          }
          if (end.length != 2 || end[0] != end[1] || end[0] < item[0]) {
            throw fail("bad range in class");
          }
          item = new int[] {item[0], end[0]};
        }
        parts.add(item);
      }
      int[] set = union(parts);
      return new Chars(negate ? complement(set) : set);
    }
  }

  static int[] union(List<int[]> parts) {
    List<int[]> ranges = new ArrayList<>();
    for (int[] part : parts) {
      for (int i = 0; i < part.length; i += 2) {
        ranges.add(new int[] {part[i], part[i + 1]});
      }
    }
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<Integer> out = new ArrayList<>();
    for (int[] r : ranges) {
      int n = out.size();
      if (n > 0 && r[0] <= out.get(n - 1) + 1) {
        out.set(n - 1, Math.max(out.get(n - 1), r[1]));
      } else {
        out.add(r[0]);
        out.add(r[1]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] complement(int[] set) {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < set.length; i += 2) {
      if (set[i] > next) {
        out.add(next);
        out.add(set[i] - 1);
      }
      next = set[i + 1] + 1;
    }
    if (next <= MAX_CP) {
      out.add(next);
      out.add(MAX_CP);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---------------------------------------------------------------- NFA and subset construction

  private static final class Nfa {
    final List<List<Integer>> eps = new ArrayList<>();
    final List<List<int[]>> moves = new ArrayList<>(); // {lo, hi, target}
    final String pattern;

    Nfa(String pattern) {
      this.pattern = pattern;
    }

    int newState() {
      if (eps.size() > 20_000) {
        throw new InvalidConstraintException("pattern " + pattern + " is too large");
      }
      eps.add(new ArrayList<>());
      moves.add(new ArrayList<>());
      return eps.size() - 1;
    }

    /** Builds {@code re} between fresh states; returns {start, end}. */
    int[] build(Re re) {
      int s = newState();
      int e = newState();
      if (re instanceof Chars c) {
        for (int i = 0; i < c.ranges().length; i += 2) {
          moves.get(s).add(new int[] {c.ranges()[i], c.ranges()[i + 1], e});
        }
      } else if (re instanceof Seq q) {
        int cur = s;
        for (Re item : q.items()) {
          int[] f = build(item);
          eps.get(cur).add(f[0]);
          cur = f[1];
        }
        eps.get(cur).add(e);
      } else if (re instanceof Alt a) {
        for (Re option : a.options()) {
          int[] f = build(option);
          eps.get(s).add(f[0]);
          eps.get(f[1]).add(e);
        }
      } else if (re instanceof Rep r) {
        int cur = s;
        for (int i = 0; i < r.min(); i++) {
          int[] f = build(r.body());
          eps.get(cur).add(f[0]);
          cur = f[1];
        }
        if (r.max() < 0) {
          int[] f = build(r.body());
          eps.get(cur).add(f[0]);
          eps.get(f[1]).add(f[0]);
          eps.get(f[1]).add(e);
          eps.get(cur).add(e);
        } else {
          for (int i = r.min(); i < r.max(); i++) {
            int[] f = build(r.body());
            eps.get(cur).add(f[0]);
            eps.get(cur).add(e);
            cur = f[1];
          }
          eps.get(cur).add(e);
        }
      }
      return new int[] {s, e};
    }

    BitSet closure(BitSet set) {
      BitSet out = (BitSet) set.clone();
      ArrayDeque<Integer> work = new ArrayDeque<>();
      set.stream().forEach(work::add);
      while (!work.isEmpty()) {
        for (int t : eps.get(work.pop())) {
          if (!out.get(t)) {
            out.set(t);
            work.add(t);
          }
        }
      }
      return out;
    }
  }

  private static PatternDfa build(Re re, String pattern) {
    Nfa nfa = new Nfa(pattern);
    int[] f = nfa.build(re);
    int accept = f[1];
    Map<BitSet, Integer> ids = new HashMap<>();
    List<BitSet> sets = new ArrayList<>();
    List<List<int[]>> trans = new ArrayList<>();
    BitSet init = new BitSet();
    init.set(f[0]);
    init = nfa.closure(init);
    ids.put(init, 0);
    sets.add(init);
    for (int d = 0; d < sets.size(); d++) {
      BitSet cur = sets.get(d);
      List<int[]> moves = new ArrayList<>();
      TreeSet<Integer> cuts = new TreeSet<>();
      cur.stream()
          .forEach(
              s -> {
                for (int[] m : nfa.moves.get(s)) {
                  moves.add(m);
                  cuts.add(m[0]);
                  cuts.add(m[1] + 1);
                }
              });
      List<int[]> out = new ArrayList<>();
      Integer[] bounds = cuts.toArray(new Integer[0]);
      for (int i = 0; i + 1 < bounds.length; i++) {
        int a = bounds[i];
        int b = bounds[i + 1] - 1;
        BitSet target = new BitSet();
        for (int[] m : moves) {
          if (m[0] <= a && b <= m[1]) {
            target.set(m[2]);
          }
        }
        if (target.isEmpty()) {
          continue;
        }
        target = nfa.closure(target);
        Integer id = ids.get(target);
        if (id == null) {
          if (sets.size() >= MAX_STATES) {
            throw new InvalidConstraintException("pattern " + pattern + " has too many states");
          }
          id = sets.size();
          ids.put(target, id);
          sets.add(target);
        }
        int n = out.size();
        if (n > 0 && out.get(n - 1)[2] == id && out.get(n - 1)[1] == a - 1) {
          out.get(n - 1)[1] = b;
        } else {
          out.add(new int[] {a, b, id});
        }
      }
      trans.add(out);
    }
    int n = sets.size();
    boolean[] acc = new boolean[n];
    for (int i = 0; i < n; i++) {
      acc[i] = sets.get(i).get(accept);
    }
    // keep only states that can reach acceptance
    boolean[] live = acc.clone();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (!live[i]) {
          for (int[] t : trans.get(i)) {
            if (live[t[2]]) {
              live[i] = true;
              changed = true;
              break;
            }
          }
        }
      }
    }
    if (!live[0]) {
      throw new InvalidConstraintException("pattern " + pattern + " matches no string");
    }
    int[][] lo = new int[n][];
    int[][] hi = new int[n][];
    int[][] to = new int[n][];
    for (int i = 0; i < n; i++) {
      List<int[]> ts = new ArrayList<>();
      for (int[] t : trans.get(i)) {
        if (live[t[2]]) {
          ts.add(t);
        }
      }
      lo[i] = ts.stream().mapToInt(t -> t[0]).toArray();
      hi[i] = ts.stream().mapToInt(t -> t[1]).toArray();
      to[i] = ts.stream().mapToInt(t -> t[2]).toArray();
    }
    return new PatternDfa(0, acc, lo, hi, to);
  }

  /**
   * For each state, the set of lengths {@code L <= bound} of accepted continuations ({@code
   * result[q].get(L)}).
   */
  BitSet[] reach(int bound) {
    int n = states();
    BitSet[] reach = new BitSet[n];
    boolean[] cur = accepting.clone();
    for (int q = 0; q < n; q++) {
      reach[q] = new BitSet(bound + 1);
      if (cur[q]) {
        reach[q].set(0);
      }
    }
    for (int len = 1; len <= bound; len++) {
      boolean[] next = new boolean[n];
      boolean any = false;
      for (int q = 0; q < n; q++) {
        for (int t : to[q]) {
          if (cur[t]) {
            next[q] = true;
            break;
          }
        }
        if (next[q]) {
          reach[q].set(len);
          any = true;
        }
      }
      cur = next;
      if (!any) {
        break;
      }
    }
    return reach;
  }

  @Override
  public String toString() {
    return "PatternDfa" + Arrays.toString(accepting);
  }
}
