package com.jsmai.plugin.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Derives, from a rule's regular expression itself, where its matches can start: every match holds
 * one of a few literal strings at a bounded distance from its start. {@link LiteralPrefilter} then
 * tries the pattern only at those starts instead of at every position of the text. Nobody declares
 * the literals by hand, so a new rule cannot get them wrong: a pattern this class does not
 * understand simply has no anchor and is searched everywhere, as before.
 *
 * <p>For the detector's rules the analysis assumes the <em>folded view</em> (what {@link
 * TextNormalizer#fold} returns and {@link TextNormalizer#unleet} preserves): the only whitespace
 * character is a single space, never two in a row, and no tab, line break, vertical tab, form feed
 * or carriage return. So {@code \s} can only be a space, {@code \s+} only one, and {@code \n} never
 * matches. {@link LiteralPrefilter#scan} checks that property of each view before relying on an
 * anchor; {@link #of(Pattern, boolean)} with {@code folded} false drops the assumption, for
 * patterns run on any text.
 *
 * <p>The analysis is the usual one for literal prefilters (as in RE2's or a trigram index's), kept
 * small: for each sub-pattern, the shortest and longest text it can match, the finite set of texts
 * it can match when that set is small, and an anchor. Sub-patterns it cannot bound ({@code \w+},
 * {@code .*}) only lose anchors; they never make one wrong. Lookarounds and {@code \b} match no
 * text and add nothing.
 */
final class RegexAnchor {
  private RegexAnchor() {}

  /** Lengths at or above this are unbounded. */
  static final int INF = 1 << 28;

  private static final int MAX_EXACT = 256;
  private static final int MAX_EXACT_LENGTH = 64;
  private static final int MAX_CLASS = 12;

  /** The one whitespace character of the folded view. */
  private static final String SPACE = " ";

  /**
   * One anchor literal and where it can start, counted from the match's start: between {@code
   * minOffset} and {@code maxOffset} characters in; or, when {@code runClass} is set (a pattern
   * such as {@code \b[a-z]{3,}'s}), after at least {@code minOffset} repetitions of that
   * one-character class and nothing else, so the match starts where a run of that class before the
   * literal starts ({@code maxOffset} is then unused).
   */
  record Term(String literal, int minOffset, int maxOffset, String runClass) {
    Term {
      if (literal.isEmpty()) throw new IllegalArgumentException("an anchor literal is empty");
      if (minOffset < 0 || maxOffset < minOffset || maxOffset >= INF) {
        throw new IllegalArgumentException("bad offsets: " + minOffset + ".." + maxOffset);
      }
    }

    Term(String literal, int minOffset, int maxOffset) {
      this(literal, minOffset, maxOffset, null);
    }
  }

  /**
   * Every match of the pattern, in a folded view, holds the literal of one of the {@code terms} at
   * one of that term's offsets from the match's start; or, when {@code textStart}, the match starts
   * at position 0 (a {@code ^}). No terms and no text start: the pattern cannot match a folded view
   * at all.
   */
  record Anchor(List<Term> terms, boolean textStart) {
    Anchor {
      // One term per literal, its offsets widened to cover every occurrence of it.
      Map<String, Term> byLiteral = new LinkedHashMap<>();
      List<Term> runs = new ArrayList<>();
      for (Term t : terms) {
        if (t.runClass() != null) {
          if (!runs.contains(t)) runs.add(t);
          continue;
        }
        byLiteral.merge(
            t.literal(),
            t,
            (a, b) ->
                new Term(
                    a.literal(),
                    Math.min(a.minOffset(), b.minOffset()),
                    Math.max(a.maxOffset(), b.maxOffset())));
      }
      List<Term> all = new ArrayList<>(byLiteral.values());
      all.addAll(runs);
      terms = List.copyOf(all);
    }

    static final Anchor NEVER = new Anchor(List.of(), false);

    Set<String> literals() {
      Set<String> out = new LinkedHashSet<>();
      for (Term t : terms) out.add(t.literal());
      return out;
    }

    Anchor shifted(int min, int max) {
      List<Term> out = new ArrayList<>();
      for (Term t : terms) {
        if (max >= INF || t.maxOffset() + max >= INF) return null;
        // A run must start the match: text before it would break the run's claim.
        if (t.runClass() != null && max > 0) return null;
        out.add(new Term(t.literal(), t.minOffset() + min, t.maxOffset() + max, t.runClass()));
      }
      // A ^ further in than the match's first character cannot match at all.
      return new Anchor(out, textStart && min == 0);
    }

    /**
     * Expected work, roughly: candidate starts per occurrence times how often such a literal occurs
     * in text (a one-letter literal everywhere, a five-letter word rarely; longer is rarer).
     */
    double cost() {
      double cost = 0;
      for (Term t : terms) {
        // Beyond eight characters a literal is rare enough; longer ones only grow the automaton.
        double len = Math.min(8, t.literal().length());
        // A run is walked back character by character: count it as ten starts.
        int starts = t.runClass() != null ? 10 : t.maxOffset() - t.minOffset() + 1;
        cost += starts / (len * len * len);
      }
      return cost;
    }
  }

  /** {@link #of(Pattern, boolean)} for a pattern run on folded views. */
  static Anchor of(Pattern pattern) {
    return of(pattern, true);
  }

  /**
   * The anchor of a pattern, or null when it has none (flags other than {@link
   * Pattern#UNICODE_CHARACTER_CLASS} and the {@link Pattern#UNICODE_CASE} it implies, syntax this
   * class does not parse, or a match that can start anywhere).
   *
   * @param folded the pattern only ever runs on folded views (see the class comment); false for any
   *     text
   */
  static Anchor of(Pattern pattern, boolean folded) {
    try {
      return parse(pattern, folded).anchor;
    } catch (Unsupported e) {
      return null;
    }
  }

  /** Why {@link #of} returned null, for the test that lists rules without anchors. */
  static String whyNone(Pattern pattern, boolean folded) {
    try {
      return parse(pattern, folded).anchor == null
          ? "some alternative can start a match anywhere"
          : "has an anchor";
    } catch (Unsupported e) {
      return e.getMessage();
    }
  }

  private static Info parse(Pattern pattern, boolean folded) {
    int flags = pattern.flags();
    // UNICODE_CHARACTER_CLASS implies UNICODE_CASE, which changes nothing without
    // CASE_INSENSITIVE.
    if ((flags & ~(Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE)) != 0) {
      throw new Unsupported("flags " + flags);
    }
    Parser p =
        new Parser(pattern.pattern(), folded, (flags & Pattern.UNICODE_CHARACTER_CLASS) != 0);
    Info info = p.alternation();
    if (p.pos != p.src.length()) throw new Unsupported("unbalanced ) at " + p.pos);
    return info;
  }

  private static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What a sub-pattern can match: lengths, the exact texts when few (null: too many or unknown),
   * and an anchor (null: none).
   */
  private record Info(
      int minLen, int maxLen, Set<String> exact, Anchor anchor, String runClass, int runMin) {
    Info(int minLen, int maxLen, Set<String> exact, Anchor anchor) {
      this(minLen, maxLen, exact, anchor, null, 0);
    }
  }

  private static int add(int a, int b) {
    return a >= INF || b >= INF ? INF : Math.min(INF, a + b);
  }

  private static int mul(int a, int n) {
    if (a == 0 || n == 0) return 0;
    if (a >= INF || n >= INF) return INF;
    long r = (long) a * n;
    return r >= INF ? INF : (int) r;
  }

  private static Anchor better(Anchor a, Anchor b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.cost() < a.cost() ? b : a;
  }

  private static Anchor fromExact(Set<String> exact) {
    if (exact == null || exact.contains("")) return null;
    List<Term> terms = new ArrayList<>();
    for (String e : exact) terms.add(new Term(e, 0, 0));
    return new Anchor(terms, false);
  }

  private static Set<String> product(Set<String> a, Set<String> b) {
    if (a == null || b == null) return null;
    if ((long) a.size() * b.size() > MAX_EXACT) return null;
    Set<String> out = new LinkedHashSet<>();
    for (String x : a) {
      for (String y : b) {
        if (x.length() + y.length() > MAX_EXACT_LENGTH) return null;
        out.add(x + y);
      }
    }
    return out;
  }

  private static Info leaf(Set<String> exact, int len) {
    return new Info(len, len, exact, fromExact(exact));
  }

  private static final Info ZERO_WIDTH = new Info(0, 0, Set.of(""), null);
  private static final Info ANY_CHAR = new Info(1, 1, null, null);

  private static final class Parser {
    final String src;

    /** Runs only on folded views: whitespace is one space. */
    final boolean folded;

    /** UNICODE_CHARACTER_CLASS: \s and \d are Unicode classes (too large to list). */
    final boolean unicode;

    int pos;

    Parser(String src, boolean folded, boolean unicode) {
      this.src = src;
      this.folded = folded;
      this.unicode = unicode;
    }

    /** What \s stands for: the one space of a folded view, or Java's six whitespace characters. */
    Set<String> whitespace() {
      return folded ? Set.of(SPACE) : Set.of(" ", "\t", "\n", "\u000B", "\f", "\r");
    }

    boolean more() {
      return pos < src.length();
    }

    int peek() {
      return src.codePointAt(pos);
    }

    int next() {
      int c = src.codePointAt(pos);
      pos += Character.charCount(c);
      return c;
    }

    Info alternation() {
      List<Info> branches = new ArrayList<>();
      branches.add(sequence());
      while (more() && peek() == '|') {
        pos++;
        branches.add(sequence());
      }
      if (branches.size() == 1) return branches.get(0);
      int min = INF;
      int max = 0;
      Set<String> exact = new LinkedHashSet<>();
      List<Term> terms = new ArrayList<>();
      boolean textStart = false;
      boolean anchored = true;
      for (Info b : branches) {
        min = Math.min(min, b.minLen);
        max = Math.max(max, b.maxLen);
        if (exact != null && b.exact != null && exact.size() + b.exact.size() <= MAX_EXACT) {
          exact.addAll(b.exact);
        } else {
          exact = null;
        }
        if (b.anchor == null) {
          anchored = false;
        } else {
          // A branch that cannot match at all adds no terms.
          terms.addAll(b.anchor.terms());
          textStart |= b.anchor.textStart();
        }
      }
      Anchor union = anchored ? new Anchor(terms, textStart) : null;
      return new Info(min, max, exact, better(union, fromExact(exact)));
    }

    Info sequence() {
      List<Info> items = new ArrayList<>();
      while (more() && peek() != '|' && peek() != ')') items.add(quantified());
      if (items.size() == 1) return items.get(0);
      int k = items.size();
      int[] preMin = new int[k + 1];
      int[] preMax = new int[k + 1];
      for (int i = 0; i < k; i++) {
        preMin[i + 1] = add(preMin[i], items.get(i).minLen);
        preMax[i + 1] = add(preMax[i], items.get(i).maxLen);
      }
      Anchor best = null;
      // "\b[a-z]{3,}'s": only zero-width items, then one unbounded run of a one-character class,
      // then the literal. The literal's offset is unbounded, but the match starts where the run
      // of that class before the literal starts.
      for (int j = 1; j < k; j++) {
        Info run = items.get(j - 1);
        if (run.runClass == null || preMax[j - 1] != 0) continue;
        List<Term> terms = new ArrayList<>();
        Info it = items.get(j);
        Set<String> product = it.exact;
        for (int e = j + 1; e < k && product != null && fromExact(product) == null; e++) {
          product = product(product, items.get(e).exact);
        }
        Anchor head = better(it.anchor, fromExact(product));
        if (head == null || head.textStart()) continue;
        for (Term t : head.terms()) {
          if (t.minOffset() != 0 || t.maxOffset() != 0 || t.runClass() != null) {
            terms = null;
            break;
          }
          terms.add(new Term(t.literal(), run.runMin, run.runMin, run.runClass));
        }
        if (terms != null) best = better(best, new Anchor(terms, false));
      }
      for (int i = 0; i < k; i++) {
        Info it = items.get(i);
        if (it.anchor != null) best = better(best, it.anchor.shifted(preMin[i], preMax[i]));
        // Runs of consecutive items with few exact texts make longer literals: "\bignore\s+the".
        Set<String> run = it.exact;
        for (int j = i + 1; j < k && run != null; j++) {
          run = product(run, items.get(j).exact);
          Anchor a = fromExact(run);
          if (a != null) best = better(best, a.shifted(preMin[i], preMax[i]));
        }
      }
      Set<String> exact = Set.of("");
      for (Info it : items) exact = product(exact, it.exact);
      return new Info(preMin[k], preMax[k], exact, better(best, fromExact(exact)));
    }

    Info quantified() {
      Info atom = atom();
      String classSource = this.classSource;
      if (!more()) return atom;
      int c = peek();
      int min;
      int max;
      if (c == '?') {
        min = 0;
        max = 1;
        pos++;
      } else if (c == '*') {
        min = 0;
        max = INF;
        pos++;
      } else if (c == '+') {
        min = 1;
        max = INF;
        pos++;
      } else if (c == '{') {
        int close = src.indexOf('}', pos);
        if (close < 0) throw new Unsupported("unclosed { at " + pos);
        String body = src.substring(pos + 1, close);
        try {
          int comma = body.indexOf(',');
          if (comma < 0) {
            min = max = Integer.parseInt(body);
          } else {
            min = Integer.parseInt(body.substring(0, comma));
            String hi = body.substring(comma + 1);
            max = hi.isEmpty() ? INF : Integer.parseInt(hi);
          }
        } catch (NumberFormatException e) {
          throw new Unsupported("bad repetition {" + body + "}");
        }
        pos = close + 1;
      } else {
        return atom;
      }
      // Lazy and possessive forms match the same kind of texts (possessive only fewer).
      if (more() && (peek() == '?' || peek() == '+')) pos++;
      if (more() && (peek() == '?' || peek() == '*' || peek() == '+' || peek() == '{')) {
        throw new Unsupported("stacked quantifier at " + pos);
      }
      // In a folded view spaces never follow each other: a repeated space is one space.
      if (folded && atom.exact != null && atom.exact.equals(Set.of(SPACE))) max = Math.min(max, 1);
      if (min > max) return new Info(0, 0, Set.of(), Anchor.NEVER);
      int minLen = mul(atom.minLen, min);
      int maxLen = max >= INF ? (atom.maxLen == 0 ? 0 : INF) : mul(atom.maxLen, max);
      Set<String> exact = null;
      if (atom.exact != null && max <= 4) {
        exact = new LinkedHashSet<>();
        Set<String> power = Set.of("");
        for (int n = 0; n <= max && exact != null; n++) {
          if (n >= min) {
            if (exact.size() + power.size() > MAX_EXACT) exact = null;
            else exact.addAll(power);
          }
          if (n < max) {
            power = product(power, atom.exact);
            if (power == null) exact = null;
          }
        }
      }
      Anchor anchor = min >= 1 ? atom.anchor : null;
      if (min >= 1 && min <= 4 && atom.exact != null) {
        // Every match starts with min matches of the atom: "#{2,}" starts with "##".
        Set<String> first = Set.of("");
        for (int n = 0; n < min && first != null; n++) first = product(first, atom.exact);
        anchor = better(anchor, fromExact(first));
      }
      if (max >= INF && classSource != null) {
        return new Info(minLen, maxLen, exact, better(anchor, fromExact(exact)), classSource, min);
      }
      return new Info(minLen, maxLen, exact, better(anchor, fromExact(exact)));
    }

    /** The source of the atom {@link #atom} just parsed when it is one character of a class. */
    String classSource;

    Info atom() {
      int start = pos;
      Info info = atomBody();
      char first = src.charAt(start);
      boolean oneChar = info.minLen == 1 && info.maxLen == 1;
      classSource =
          oneChar && (first == '[' || first == '\\' || first == '.')
              ? src.substring(start, pos)
              : null;
      return info;
    }

    Info atomBody() {
      int c = next();
      switch (c) {
        case '(':
          return group();
        case '[':
          return charClass();
        case '.':
          return ANY_CHAR;
        case '^':
          return new Info(0, 0, Set.of(""), new Anchor(List.of(), true));
        case '$':
          return ZERO_WIDTH;
        case '\\':
          return escape();
        case ')', '|', '?', '*', '+', '{':
          throw new Unsupported("unexpected " + (char) c + " at " + (pos - 1));
        default:
          return literal(c);
      }
    }

    private Info literal(int c) {
      // Other whitespace never occurs in a folded view: this sub-pattern cannot match.
      if (folded && isOtherWhitespace(c)) return new Info(1, 1, Set.of(), Anchor.NEVER);
      return leaf(Set.of(new String(Character.toChars(c))), Character.charCount(c));
    }

    private Info group() {
      boolean zeroWidth = false;
      if (src.startsWith("?:", pos)) {
        pos += 2;
      } else if (src.startsWith("?=", pos) || src.startsWith("?!", pos)) {
        pos += 2;
        zeroWidth = true;
      } else if (src.startsWith("?<=", pos) || src.startsWith("?<!", pos)) {
        pos += 3;
        zeroWidth = true;
      } else if (src.startsWith("?", pos)) {
        throw new Unsupported(
            "group construct (" + src.substring(pos, Math.min(src.length(), pos + 3)));
      }
      Info inner = alternation();
      if (!more() || peek() != ')') throw new Unsupported("unclosed ( before " + pos);
      pos++;
      return zeroWidth ? ZERO_WIDTH : inner;
    }

    private Info escape() {
      if (!more()) throw new Unsupported("trailing backslash");
      int c = next();
      switch (c) {
        case 'b', 'B':
          return ZERO_WIDTH;
        case 's':
          return unicode ? ANY_CHAR : leaf(whitespace(), 1);
        case 'd':
          if (unicode) return ANY_CHAR;
          {
            Set<String> digits = new LinkedHashSet<>();
            for (char d = '0'; d <= '9'; d++) digits.add(String.valueOf(d));
            return leaf(digits, 1);
          }
        case 'w', 'W', 'S', 'D':
          return ANY_CHAR;
        case 'n', 't', 'r', 'f':
          return literal(c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : '\f');
        case 'u':
          {
            if (pos + 4 > src.length()) throw new Unsupported("short \\u escape");
            int cp = Integer.parseInt(src.substring(pos, pos + 4), 16);
            pos += 4;
            return literal(cp);
          }
        default:
          if (Character.isLetterOrDigit(c)) throw new Unsupported("escape \\" + (char) c);
          return literal(c);
      }
    }

    /** A bracket class: its characters when few (whitespace folded to the one space). */
    private Info charClass() {
      boolean negated = false;
      if (more() && peek() == '^') {
        negated = true;
        pos++;
      }
      Set<String> chars = new LinkedHashSet<>();
      boolean large = false;
      boolean first = true;
      while (true) {
        if (!more()) throw new Unsupported("unclosed [");
        int c = next();
        if (c == ']') {
          if (first) throw new Unsupported("empty class or leading ] at " + (pos - 1));
          break;
        }
        first = false;
        if (c == '[' || (c == '&' && more() && peek() == '&')) {
          throw new Unsupported("class union or intersection at " + (pos - 1));
        }
        int lo;
        if (c == '\\') {
          if (!more()) throw new Unsupported("trailing backslash");
          int e = next();
          switch (e) {
            case 's' -> {
              if (unicode) large = true;
              else chars.addAll(whitespace());
              continue;
            }
            case 'd' -> {
              if (unicode) large = true;
              else for (char d = '0'; d <= '9'; d++) chars.add(String.valueOf(d));
              continue;
            }
            case 'w', 'W', 'S', 'D' -> {
              large = true;
              continue;
            }
            case 'n' -> lo = '\n';
            case 't' -> lo = '\t';
            case 'r' -> lo = '\r';
            case 'f' -> lo = '\f';
            case 'u' -> {
              if (pos + 4 > src.length()) throw new Unsupported("short \\u escape");
              lo = Integer.parseInt(src.substring(pos, pos + 4), 16);
              pos += 4;
            }
            default -> {
              if (Character.isLetterOrDigit(e)) throw new Unsupported("class escape \\" + (char) e);
              lo = e;
            }
          }
        } else {
          lo = c;
        }
        int hi = lo;
        if (more() && peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
          pos++;
          hi = next();
          if (hi == '\\') throw new Unsupported("escaped range end at " + pos);
          if (hi < lo) throw new Unsupported("bad range at " + pos);
        }
        if (hi - lo + 1 > MAX_CLASS) {
          large = true;
          continue;
        }
        for (int x = lo; x <= hi; x++) {
          if (!folded || !isOtherWhitespace(x)) chars.add(new String(Character.toChars(x)));
        }
      }
      if (negated || large || chars.size() > MAX_CLASS) return ANY_CHAR;
      if (chars.isEmpty()) return new Info(1, 1, Set.of(), Anchor.NEVER);
      int len = 1;
      for (String s : chars) len = Math.max(len, s.length());
      int minLen = len;
      for (String s : chars) minLen = Math.min(minLen, s.length());
      return new Info(minLen, len, chars, fromExact(chars));
    }
  }

  /** {@code \s} characters other than the space: absent from every folded view. */
  static boolean isOtherWhitespace(int c) {
    return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
