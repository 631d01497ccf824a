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
  record Options(Integer indent, boolean ensureAscii, String itemSeparator, String keySeparator,
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
          ? "[" + childrenPadding + String.join(itemSeparator + childrenPadding, core) + basePadding
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

  // ASCII in CLDR root collation order: whitespace, punctuation and symbols, digits, letters.
  private static final String ROOT_ORDER =
      "\t\n\u000B\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";

  /**
   * {@code String.prototype.localeCompare} as the reference's {@code sort_keys} uses it (ICU root
   * collation), for ASCII keys: primary order by {@link #ROOT_ORDER} ignoring case, then lower
   * case before upper case. Other characters sort after ASCII letters by code point, an
   * approximation of the full Unicode collation.
   */
  static int localeCompare(String a, String b) {
    int[] pa = primary(a);
    int[] pb = primary(b);
    int c = java.util.Arrays.compare(pa, pb);
    if (c != 0) {
      return c;
    }
    for (int i = 0, j = 0; i < a.length() && j < b.length(); i++, j++) {
      boolean ua = Character.isUpperCase(a.charAt(i));
      boolean ub = Character.isUpperCase(b.charAt(j));
      if (ua != ub) {
        return ua ? 1 : -1;
      }
    }
    return 0;
  }

  private static int[] primary(String s) {
    int[] weights = new int[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        int w = ROOT_ORDER.indexOf(Character.toLowerCase(c));
        if (w >= 0) {
          weights[n++] = w + 1;
        }
        // other ASCII control characters are ignorable
      } else {
        weights[n++] = 0x100 + c;
      }
    }
    return java.util.Arrays.copyOf(weights, n);
  }
}
