package com.jsmai.node.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code tojson} filter exactly as the reference renderer writes it: Python's default
 * separators {@code ", "} and {@code ": "} (item separator {@code ","} when indenting), non-ASCII
 * kept unless {@code ensure_ascii=true}, keys in the mapping's order unless {@code sort_keys=true}.
 */
final class JinjaJson {
  private JinjaJson() {}

  /** Serialisation options; {@code indent} null or 0 means single-line output. */
  record Options(
      Integer indent,
      boolean ensureAscii,
      String itemSeparator,
      String keySeparator,
      boolean sortKeys) {
    static final Options DEFAULT = new Options(null, false, null, null, false);
  }

  static String toJson(JinjaValue input, Options options, int depth, boolean undefinedToNull) {
    boolean indenting = options.indent() != null && options.indent() != 0;
    String itemSeparator;
    String keySeparator;
    if (options.itemSeparator() != null) {
      itemSeparator = options.itemSeparator();
      keySeparator = options.keySeparator();
    } else if (indenting) {
      itemSeparator = ",";
      keySeparator = ": ";
    } else {
      itemSeparator = ", ";
      keySeparator = ": ";
    }

    if (input instanceof JinjaValue.Null) {
      return "null";
    } else if (input instanceof JinjaValue.Undefined) {
      return undefinedToNull ? "null" : "undefined";
    } else if (input instanceof JinjaValue.Num n) {
      return JsSemantics.jsonNumber(n.value());
    } else if (input instanceof JinjaValue.Bool b) {
      return b.value() ? "true" : "false";
    } else if (input instanceof JinjaValue.Str s) {
      String quoted = JsSemantics.jsonQuote(s.value());
      return options.ensureAscii() ? JsSemantics.asciiSafe(quoted) : quoted;
    }

    // JavaScript's " ".repeat(n) with a negative n throws; a negative indent is not meaningful.
    String indentValue = indenting ? " ".repeat(Math.max(0, options.indent())) : "";
    String basePadding = "\n" + indentValue.repeat(depth);
    String childrenPadding = basePadding + indentValue;

    if (input instanceof JinjaValue.Arr a) {
      List<String> core = new ArrayList<>(a.items().size());
      for (JinjaValue item : a.items()) {
        core.add(toJson(item, options, depth + 1, undefinedToNull));
      }
      return indenting && !core.isEmpty()
          ? "["
              + childrenPadding
              + String.join(itemSeparator + childrenPadding, core)
              + basePadding
              + "]"
          : "[" + String.join(itemSeparator, core) + "]";
    }
    Map<String, JinjaValue> map;
    if (input instanceof JinjaValue.Obj o) {
      map = o.map();
    } else if (input instanceof JinjaValue.Namespace n) {
      map = n.map();
    } else {
      throw new JinjaInterpreter.JinjaError("Cannot convert to JSON: " + input.typeName());
    }
    List<Map.Entry<String, JinjaValue>> entries = new ArrayList<>(map.entrySet());
    if (options.sortKeys()) {
      entries.sort((x, y) -> localeCompare(x.getKey(), y.getKey()));
    }
    List<String> core = new ArrayList<>(entries.size());
    for (Map.Entry<String, JinjaValue> e : entries) {
      String key = JsSemantics.jsonQuote(e.getKey());
      if (options.ensureAscii()) {
        key = JsSemantics.asciiSafe(key);
      }
      String v = key + keySeparator + toJson(e.getValue(), options, depth + 1, undefinedToNull);
      core.add(indenting ? childrenPadding + v : v);
    }
    return indenting && !core.isEmpty()
        ? "{" + String.join(itemSeparator, core) + basePadding + "}"
        : "{" + String.join(itemSeparator, core) + "}";
  }

  // ASCII punctuation and symbols in CLDR root collation order ('$' sorts with the currencies).
  private static final String ASCII_SYMBOLS = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~";
  private static final int P_WHITESPACE = 1; // \t \n VT FF \r U+2028 U+2029 space: 1..8
  private static final int P_SYMBOL = 20; // ASCII symbols, then other symbols by code point
  private static final int P_CURRENCY = 0x30000;
  private static final int P_DIGIT = 0x40000;
  private static final int P_LATIN = 0x40100;
  private static final int P_OTHER_LETTER = 0x40200;

  /** One collation element: primary, secondary (accents), tertiary (case, width, variants). */
  private record Element(int primary, int secondary, int tertiary) {}

  /**
   * {@code String.prototype.localeCompare} as the reference's {@code sort_keys} uses it: ICU root
   * collation, approximated in three levels. Exact for ASCII keys; for other text it follows the
   * main rules (controls and BOM ignored, space variants equal to space up to the third level,
   * symbols before currency before digits before letters, accents second, case and compatibility
   * forms third) but not every detail of the Unicode Collation Algorithm.
   */
  static int localeCompare(String a, String b) {
    List<Element> x = elements(a);
    List<Element> y = elements(b);
    for (int level = 0; level < 3; level++) {
      int c = compareLevel(x, y, level);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareLevel(List<Element> x, List<Element> y, int level) {
    int[] wx = weights(x, level);
    int[] wy = weights(y, level);
    return java.util.Arrays.compare(wx, wy);
  }

  private static int[] weights(List<Element> elements, int level) {
    int[] w = new int[elements.size()];
    int n = 0;
    for (Element e : elements) {
      int v = level == 0 ? e.primary() : level == 1 ? e.secondary() : e.tertiary();
      if (level == 0 ? v != 0 : e.primary() != 0 || v != 0) {
        w[n++] = v;
      }
    }
    return java.util.Arrays.copyOf(w, n);
  }

  private static List<Element> elements(String s) {
    List<Element> out = new ArrayList<>();
    s.codePoints().forEach(cp -> addElements(cp, out));
    return out;
  }

  private static void addElements(int cp, List<Element> out) {
    switch (cp) {
      case '\t' -> out.add(new Element(P_WHITESPACE, 0, 0));
      case '\n' -> out.add(new Element(P_WHITESPACE + 1, 0, 0));
      case 0x0B -> out.add(new Element(P_WHITESPACE + 2, 0, 0));
      case '\f' -> out.add(new Element(P_WHITESPACE + 3, 0, 0));
      case '\r' -> out.add(new Element(P_WHITESPACE + 4, 0, 0));
      case 0x85 -> out.add(new Element(P_WHITESPACE + 5, 0, 0));
      case 0x2028 -> out.add(new Element(P_WHITESPACE + 6, 0, 0));
      case 0x2029 -> out.add(new Element(P_WHITESPACE + 7, 0, 0));
      case ' ' -> out.add(new Element(P_WHITESPACE + 8, 0, 0));
      case 0x3000 -> out.add(new Element(P_WHITESPACE + 8, 0, 1));
      case 0x00A0, 0x202F -> out.add(new Element(P_WHITESPACE + 8, 0, 2));
      default -> addNonSpace(cp, out);
    }
  }

  private static void addNonSpace(int cp, List<Element> out) {
    int type = Character.getType(cp);
    if (type == Character.CONTROL || type == Character.FORMAT) {
      return; // ignorable
    }
    if (Character.isSpaceChar(cp)) {
      out.add(new Element(P_WHITESPACE + 8, 0, 3));
      return;
    }
    if (cp < 0x80) {
      int i = ASCII_SYMBOLS.indexOf(cp);
      if (i >= 0) {
        out.add(new Element(P_SYMBOL + i, 0, 0));
        return;
      }
      if (cp == '$') {
        out.add(new Element(P_CURRENCY, 0, 0));
        return;
      }
      if (cp >= '0' && cp <= '9') {
        out.add(new Element(P_DIGIT + (cp - '0'), 0, 0));
        return;
      }
      char lower = Character.toLowerCase((char) cp);
      out.add(new Element(P_LATIN + (lower - 'a'), 0, Character.isUpperCase(cp) ? 1 : 0));
      return;
    }
    if (cp == 0xDF || cp == 0x1E9E) { // ß, ẞ: "ss" with a third-level difference
      int t = cp == 0xDF ? 4 : 5;
      out.add(new Element(P_LATIN + ('s' - 'a'), 0, t));
      out.add(new Element(P_LATIN + ('s' - 'a'), 0, t));
      return;
    }
    String nfd =
        java.text.Normalizer.normalize(
            new String(Character.toChars(cp)), java.text.Normalizer.Form.NFD);
    String nfkd = java.text.Normalizer.normalize(nfd, java.text.Normalizer.Form.NFKD);
    boolean compat = !nfkd.equals(nfd);
    int base = nfkd.codePointAt(0);
    if (base < 0x80 && base != cp) {
      // A decorated or compatibility form of ASCII text (é, ﬁ, ½): the elements of its
      // decomposition, accents at the second level, compatibility marked at the third.
      nfkd.codePoints()
          .forEach(
              part -> {
                int partType = Character.getType(part);
                if (partType == Character.NON_SPACING_MARK
                    || partType == Character.ENCLOSING_MARK
                    || partType == Character.COMBINING_SPACING_MARK) {
                  out.add(new Element(0, part, 0));
                } else {
                  List<Element> partElements = new ArrayList<>();
                  addElements(part, partElements);
                  for (Element e : partElements) {
                    out.add(
                        new Element(e.primary(), e.secondary(), e.tertiary() + (compat ? 4 : 0)));
                  }
                }
              });
      return;
    }
    if (type == Character.CURRENCY_SYMBOL) {
      out.add(new Element(P_CURRENCY + 1 + cp, 0, 0));
    } else if (type == Character.DECIMAL_DIGIT_NUMBER) {
      out.add(new Element(P_DIGIT + Character.digit(cp, 10), 0, 1));
    } else if (Character.isLetter(cp)) {
      out.add(
          new Element(
              P_OTHER_LETTER + Character.toLowerCase(cp), 0, Character.isUpperCase(cp) ? 1 : 0));
    } else {
      out.add(new Element(P_SYMBOL + 0x100 + cp, 0, 0)); // punctuation and other symbols
    }
  }
}
