package com.jsmai.node.chat;

import java.math.BigDecimal;

/**
 * JavaScript primitive semantics that the reference renderer ({@code @huggingface/jinja}) inherits
 * from its host language: number printing, {@code JSON.stringify} of strings, whitespace trimming,
 * loose equality. Rendering must be byte-identical to the reference, so these follow ECMAScript
 * rather than Python.
 */
final class JsSemantics {
  private JsSemantics() {}

  /** ECMAScript WhiteSpace + LineTerminator, the set {@code String.prototype.trim} and /\s/ use. */
  static boolean isWhitespace(char c) {
    switch (c) {
      case '\t',
      '\n',
      '\u000B',
      '\f',
      '\r',
      ' ',
      '\u00A0',
      '\u1680',
      '\u2028',
      '\u2029',
      '\u202F',
      '\u205F',
      '\u3000',
      '\uFEFF':
        return true;
      default:
        return c >= '\u2000' && c <= '\u200A';
    }
  }

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  static String trim(String s) {
    return trimEnd(trimStart(s));
  }

  static String trimStart(String s) {
    int i = 0;
    while (i < s.length() && isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** {@code Number.prototype.toString()}: shortest round-trip digits, JS exponent rules. */
  static String numberToString(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (d == 0) {
      return "0"; // also -0
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d < 0) {
      return "-" + numberToString(-d);
    }
    if (d == Math.rint(d) && d < 9.007199254740992E15) {
      return Long.toString((long) d);
    }
    ShortestDecimal shortest = ShortestDecimal.of(d);
    String digits = shortest.digits();
    int k = digits.length();
    int n = shortest.pointPosition(); // value = 0.digits * 10^n
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    int e = n - 1;
    String exp = (e < 0 ? "e-" : "e+") + Math.abs(e);
    return k == 1 ? digits + exp : digits.charAt(0) + "." + digits.substring(1) + exp;
  }

  /** {@code Number.prototype.toFixed(1)} for an integral value (how the reference prints 2.0). */
  static String integralToFixed1(double d) {
    if (Math.abs(d) >= 1e21) {
      return numberToString(d);
    }
    return new BigDecimal(d).toPlainString() + ".0";
  }

  /** {@code JSON.stringify(number)}. */
  static String jsonNumber(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    return numberToString(d);
  }

  /** {@code JSON.stringify(string)}: well-formed, non-ASCII kept, lone surrogates escaped. */
  static String jsonQuote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            appendUnicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              appendUnicodeEscape(out, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The reference's ensure_ascii: every UTF-16 unit in [0x7f, 0xffff] becomes a \\uXXXX escape. */
  static String asciiSafe(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x7f) {
        appendUnicodeEscape(out, c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    String hex = Integer.toHexString(c);
    out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
  }

  /** {@code Number(string)} (StringToNumber): decimal, hex/octal/binary, Infinity, else NaN. */
  static double stringToNumber(String s) {
    String t = trim(s);
    if (t.isEmpty()) {
      return 0;
    }
    if (t.length() > 2 && t.charAt(0) == '0') {
      int radix =
          switch (t.charAt(1)) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 0;
          };
      if (radix != 0) {
        try {
          return new java.math.BigInteger(t.substring(2), radix).doubleValue();
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      }
    }
    if (t.equals("Infinity") || t.equals("+Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (t.equals("-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      return Double.NaN;
    }
    return Double.parseDouble(t);
  }

  /** {@code parseInt(s, 10)}: leading whitespace, sign, digits up to the first non-digit. */
  static double parseInt(String s) {
    String t = trimStart(s);
    int i = 0;
    boolean negative = false;
    if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      negative = t.charAt(i) == '-';
      i++;
    }
    int start = i;
    while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
      i++;
    }
    if (i == start) {
      return Double.NaN;
    }
    double v = new BigDecimal(t.substring(start, i)).doubleValue();
    return negative ? -v : v;
  }

  /** {@code parseFloat(s)}: the longest decimal-literal prefix after leading whitespace. */
  static double parseFloat(String s) {
    String t = trimStart(s);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^[+-]?(Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")
            .matcher(t);
    if (!m.find()) {
      return Double.NaN;
    }
    String lit = m.group();
    if (lit.endsWith("Infinity")) {
      return lit.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(lit);
  }
}
