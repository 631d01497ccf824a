package com.jsmai.node.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenizer, a port of the reference renderer's lexer with {@code trim_blocks} and {@code
 * lstrip_blocks} on (as {@code @huggingface/jinja}'s Template and transformers both use). Each
 * token keeps its offset in the original template so errors can name a line and column.
 */
final class JinjaLexer {

  enum Type {
    TEXT,
    NUMERIC_LITERAL,
    STRING_LITERAL,
    IDENTIFIER,
    EQUALS,
    OPEN_PAREN,
    CLOSE_PAREN,
    OPEN_STATEMENT,
    CLOSE_STATEMENT,
    OPEN_EXPRESSION,
    CLOSE_EXPRESSION,
    OPEN_SQUARE_BRACKET,
    CLOSE_SQUARE_BRACKET,
    OPEN_CURLY_BRACKET,
    CLOSE_CURLY_BRACKET,
    COMMA,
    DOT,
    COLON,
    PIPE,
    ADDITIVE_BINARY_OPERATOR,
    MULTIPLICATIVE_BINARY_OPERATOR,
    EXPONENTIATION_BINARY_OPERATOR,
    COMPARISON_BINARY_OPERATOR,
    UNARY_OPERATOR,
    COMMENT
  }

  /** A token; {@code offset} is its start in the original (not preprocessed) template. */
  static final class Token {
    String value;
    final Type type;
    final int offset;

    Token(String value, Type type, int offset) {
      this.value = value;
      this.type = type;
      this.offset = offset;
    }

    @Override
    public String toString() {
      return type + "(" + value + ")";
    }
  }

  private record Mapping(String seq, Type type) {}

  private static final List<Mapping> ORDERED_MAPPING_TABLE =
      List.of(
          new Mapping("{%", Type.OPEN_STATEMENT),
          new Mapping("%}", Type.CLOSE_STATEMENT),
          new Mapping("{{", Type.OPEN_EXPRESSION),
          new Mapping("}}", Type.CLOSE_EXPRESSION),
          new Mapping("(", Type.OPEN_PAREN),
          new Mapping(")", Type.CLOSE_PAREN),
          new Mapping("{", Type.OPEN_CURLY_BRACKET),
          new Mapping("}", Type.CLOSE_CURLY_BRACKET),
          new Mapping("[", Type.OPEN_SQUARE_BRACKET),
          new Mapping("]", Type.CLOSE_SQUARE_BRACKET),
          new Mapping(",", Type.COMMA),
          new Mapping(".", Type.DOT),
          new Mapping(":", Type.COLON),
          new Mapping("|", Type.PIPE),
          new Mapping("<=", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping(">=", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping("==", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping("!=", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping("<", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping(">", Type.COMPARISON_BINARY_OPERATOR),
          new Mapping("+", Type.ADDITIVE_BINARY_OPERATOR),
          new Mapping("-", Type.ADDITIVE_BINARY_OPERATOR),
          new Mapping("~", Type.ADDITIVE_BINARY_OPERATOR),
          new Mapping("**", Type.EXPONENTIATION_BINARY_OPERATOR),
          new Mapping("*", Type.MULTIPLICATIVE_BINARY_OPERATOR),
          new Mapping("//", Type.MULTIPLICATIVE_BINARY_OPERATOR),
          new Mapping("/", Type.MULTIPLICATIVE_BINARY_OPERATOR),
          new Mapping("%", Type.MULTIPLICATIVE_BINARY_OPERATOR),
          new Mapping("=", Type.EQUALS));

  // JavaScript's \s, spelled out: Java's \s is ASCII-only.
  private static final String JS_SPACE =
      "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";
  // lstrip_blocks: /^[ \t]*({[#%-])/gm, where ^ follows \n, \r, \u2028 or \u2029 in JavaScript.
  private static final Pattern LSTRIP =
      Pattern.compile("(?<![^\\n\\r\\u2028\\u2029])[ \\t]*(\\{[#%-])");
  // trim_blocks: /([#%-]})\n/g
  private static final Pattern TRIM = Pattern.compile("([#%-]\\})\\n");
  // transformers' {% generation %} markers are dropped (honouring - modifiers).
  private static final Pattern GENERATION =
      Pattern.compile(
          "("
              + JS_SPACE
              + "*)\\{%(-?)"
              + JS_SPACE
              + "*(?:end)?generation"
              + JS_SPACE
              + "*(-?)%\\}("
              + JS_SPACE
              + "*)",
          Pattern.DOTALL);

  /** Template text with, for every character, its offset in the original template. */
  record Source(String text, int[] origin) {
    int originOf(int index) {
      if (origin.length == 0) {
        return 0;
      }
      return origin[Math.min(index, origin.length - 1)];
    }
  }

  private final Source source;
  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int cursor;
  private int curlyBracketDepth;

  private JinjaLexer(Source source) {
    this.source = source;
    this.src = source.text();
  }

  static List<Token> tokenize(String template) {
    return new JinjaLexer(preprocess(template)).run();
  }

  static Source preprocess(String template) {
    int[] origin = new int[template.length()];
    for (int i = 0; i < origin.length; i++) {
      origin[i] = i;
    }
    Source s = new Source(template, origin);
    if (template.endsWith("\n")) {
      s =
          new Source(
              template.substring(0, template.length() - 1),
              java.util.Arrays.copyOf(origin, origin.length - 1));
    }
    s = keepGroups(s, LSTRIP, false, 1);
    s = keepGroups(s, TRIM, false, 1);
    return keepGroups(s, GENERATION, true);
  }

  /**
   * Replaces each match with the concatenation of some of its groups, carrying offsets along. For
   * the generation tag the kept groups depend on the {@code -} modifiers (groups 2 and 3).
   */
  private static Source keepGroups(Source s, Pattern p, boolean generation, int... groups) {
    Matcher m = p.matcher(s.text());
    StringBuilder text = new StringBuilder(s.text().length());
    int[] origin = new int[s.text().length()];
    int n = 0;
    int last = 0;
    while (m.find()) {
      for (int i = last; i < m.start(); i++) {
        text.append(s.text().charAt(i));
        origin[n++] = s.origin()[i];
      }
      int[] keep = groups;
      if (generation) {
        boolean lstrip = !m.group(2).isEmpty();
        boolean rstrip = !m.group(3).isEmpty();
        keep =
            lstrip && rstrip
                ? new int[0]
                : lstrip ? new int[] {4} : rstrip ? new int[] {1} : new int[] {1, 4};
      }
      for (int g : keep) {
        for (int i = m.start(g); i < m.end(g); i++) {
          text.append(s.text().charAt(i));
          origin[n++] = s.origin()[i];
        }
      }
      last = m.end();
    }
    for (int i = last; i < s.text().length(); i++) {
      text.append(s.text().charAt(i));
      origin[n++] = s.origin()[i];
    }
    return new Source(text.toString(), java.util.Arrays.copyOf(origin, n));
  }

  private char at(int i) {
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private boolean startsWith(String seq) {
    return src.startsWith(seq, cursor);
  }

  private JinjaInterpreter.JinjaError error(String message, int index) {
    return new JinjaInterpreter.JinjaError(message, source.originOf(index));
  }

  private interface CharPredicate {
    boolean test(char c);
  }

  private String consumeWhile(CharPredicate predicate) {
    StringBuilder str = new StringBuilder();
    while (cursor < src.length() && predicate.test(src.charAt(cursor))) {
      if (src.charAt(cursor) == '\\') {
        ++cursor;
        if (cursor >= src.length()) {
          throw error("Unexpected end of input", cursor);
        }
        char escaped = src.charAt(cursor++);
        if (escaped == 'x' || escaped == 'u') {
          int length = escaped == 'x' ? 2 : 4;
          String hex = src.substring(cursor, Math.min(src.length(), cursor + length));
          if (hex.length() != length || !hex.matches("[0-9a-fA-F]+")) {
            throw error("Invalid hexadecimal escape sequence: \\" + escaped + hex, cursor);
          }
          str.append((char) Integer.parseInt(hex, 16));
          cursor += length;
          continue;
        }
        char unescaped =
            switch (escaped) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'v' -> '\u000B';
              case '\'' -> '\'';
              case '"' -> '"';
              case '\\' -> '\\';
              default -> throw error("Unexpected escaped character: " + escaped, cursor - 1);
            };
        str.append(unescaped);
        continue;
      }
      str.append(src.charAt(cursor++));
      if (cursor >= src.length()) {
        throw error("Unexpected end of input", cursor);
      }
    }
    return str.toString();
  }

  private Type lastType() {
    return tokens.isEmpty() ? null : tokens.get(tokens.size() - 1).type;
  }

  private void push(String value, Type type, int start) {
    tokens.add(new Token(value, type, source.originOf(start)));
  }

  private void stripTrailingWhitespace() {
    if (!tokens.isEmpty() && lastType() == Type.TEXT) {
      Token last = tokens.get(tokens.size() - 1);
      last.value = JsSemantics.trimEnd(last.value);
      if (last.value.isEmpty()) {
        tokens.remove(tokens.size() - 1);
      }
    }
  }

  private void skipLeadingWhitespace() {
    while (cursor < src.length() && JsSemantics.isWhitespace(src.charAt(cursor))) {
      ++cursor;
    }
  }

  private List<Token> run() {
    main:
    while (cursor < src.length()) {
      Type lastTokenType = lastType();
      if (lastTokenType == null
          || lastTokenType == Type.CLOSE_STATEMENT
          || lastTokenType == Type.CLOSE_EXPRESSION
          || lastTokenType == Type.COMMENT) {
        int start = cursor;
        while (cursor < src.length()
            && !(src.charAt(cursor) == '{'
                && (at(cursor + 1) == '%' || at(cursor + 1) == '{' || at(cursor + 1) == '#'))) {
          cursor++;
        }
        if (cursor > start) {
          push(src.substring(start, cursor), Type.TEXT, start);
          continue;
        }
      }

      if (at(cursor) == '{' && at(cursor + 1) == '#') {
        int start = cursor;
        cursor += 2;
        boolean stripBefore = at(cursor) == '-';
        if (stripBefore) {
          ++cursor;
        }
        StringBuilder comment = new StringBuilder();
        while (at(cursor) != '#' || at(cursor + 1) != '}') {
          if (cursor + 2 >= src.length()) {
            throw error("Missing end of comment tag", start);
          }
          comment.append(src.charAt(cursor++));
        }
        String text = comment.toString();
        boolean stripAfter = text.endsWith("-");
        if (stripAfter) {
          text = text.substring(0, text.length() - 1);
        }
        if (stripBefore) {
          stripTrailingWhitespace();
        }
        push(text, Type.COMMENT, start);
        cursor += 2;
        if (stripAfter) {
          skipLeadingWhitespace();
        }
        continue;
      }

      if (startsWith("{%-")) {
        stripTrailingWhitespace();
        push("{%", Type.OPEN_STATEMENT, cursor);
        cursor += 3;
        continue;
      }
      if (startsWith("{{-")) {
        stripTrailingWhitespace();
        push("{{", Type.OPEN_EXPRESSION, cursor);
        curlyBracketDepth = 0;
        cursor += 3;
        continue;
      }

      consumeWhile(JsSemantics::isWhitespace);

      if (startsWith("-%}")) {
        push("%}", Type.CLOSE_STATEMENT, cursor);
        cursor += 3;
        skipLeadingWhitespace();
        continue;
      }
      if (startsWith("-}}")) {
        push("}}", Type.CLOSE_EXPRESSION, cursor);
        cursor += 3;
        skipLeadingWhitespace();
        continue;
      }
      if (cursor >= src.length()) {
        break;
      }

      char c = src.charAt(cursor);
      if (c == '-' || c == '+') {
        Type last = lastType();
        if (last == Type.TEXT || last == null) {
          throw error("Unexpected character: " + c, cursor);
        }
        boolean binary =
            last == Type.IDENTIFIER
                || last == Type.NUMERIC_LITERAL
                || last == Type.STRING_LITERAL
                || last == Type.CLOSE_PAREN
                || last == Type.CLOSE_SQUARE_BRACKET;
        if (!binary) {
          int start = cursor;
          ++cursor;
          String num = consumeWhile(JinjaLexer::isDigit);
          if (!num.isEmpty() && at(cursor) == '.' && isDigit(at(cursor + 1))) {
            ++cursor;
            num = num + "." + consumeWhile(JinjaLexer::isDigit);
          }
          push(c + num, num.isEmpty() ? Type.UNARY_OPERATOR : Type.NUMERIC_LITERAL, start);
          continue;
        }
      }

      for (Mapping mapping : ORDERED_MAPPING_TABLE) {
        if (mapping.seq().equals("}}") && curlyBracketDepth > 0) {
          continue;
        }
        if (startsWith(mapping.seq())) {
          push(mapping.seq(), mapping.type(), cursor);
          if (mapping.type() == Type.OPEN_EXPRESSION) {
            curlyBracketDepth = 0;
          } else if (mapping.type() == Type.OPEN_CURLY_BRACKET) {
            ++curlyBracketDepth;
          } else if (mapping.type() == Type.CLOSE_CURLY_BRACKET) {
            --curlyBracketDepth;
          }
          cursor += mapping.seq().length();
          continue main;
        }
      }

      if (c == '\'' || c == '"') {
        int start = cursor;
        ++cursor;
        String str = consumeWhile(ch -> ch != c);
        if (cursor >= src.length()) {
          throw error("Unterminated string literal", start);
        }
        push(str, Type.STRING_LITERAL, start);
        ++cursor;
        continue;
      }

      if (isDigit(c)) {
        int start = cursor;
        String num = consumeWhile(JinjaLexer::isDigit);
        if (lastType() != Type.DOT && at(cursor) == '.' && isDigit(at(cursor + 1))) {
          ++cursor;
          num = num + "." + consumeWhile(JinjaLexer::isDigit);
        }
        push(num, Type.NUMERIC_LITERAL, start);
        continue;
      }
      if (JsSemantics.isWordChar(c)) {
        int start = cursor;
        String word = consumeWhile(JsSemantics::isWordChar);
        push(word, Type.IDENTIFIER, start);
        continue;
      }
      throw error("Unexpected character: " + c, cursor);
    }
    return tokens;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
