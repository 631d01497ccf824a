package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.tools.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code {argument}} placeholders and {@code ${secret:NAME}} references, parsed once
 * at load time. Expansion is a single pass over the parsed parts, so an argument whose value looks
 * like a secret reference stays literal text: the model cannot make a tool send a secret anywhere.
 */
final class Template {
  private static final Pattern TOKEN =
      Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}|\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");

  private sealed interface Part permits Literal, Argument, Secret {}

  private record Literal(String text) implements Part {}

  private record Argument(String name) implements Part {}

  private record Secret(String name) implements Part {}

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) parts.add(literal(text, text.substring(last, m.start())));
      parts.add(m.group(1) != null ? new Secret(m.group(1)) : new Argument(m.group(2)));
      last = m.end();
    }
    if (last < text.length()) parts.add(literal(text, text.substring(last)));
    return new Template(text, parts);
  }

  private static Literal literal(String whole, String text) {
    if (text.contains("{") || text.contains("}")) {
      throw new IllegalArgumentException(
          "\"" + whole + "\": a placeholder is {name} (letters, digits, _) or ${secret:NAME}");
    }
    return new Literal(text);
  }

  Set<String> argumentNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Part p : parts) if (p instanceof Argument a) names.add(a.name());
    return names;
  }

  Set<String> secretNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Part p : parts) if (p instanceof Secret s) names.add(s.name());
    return names;
  }

  /** The single argument this template consists of, if it is exactly {@code {name}}. */
  String soleArgument() {
    return parts.size() == 1 && parts.get(0) instanceof Argument a ? a.name() : null;
  }

  boolean isLiteral() {
    return parts.stream().allMatch(p -> p instanceof Literal);
  }

  /**
   * The text with arguments (as their plain text: a JSON string without quotes, a number as
   * written) and secrets filled in; a missing argument becomes the empty string.
   *
   * @param encoder applied to each argument value, for example percent-encoding for a path segment
   */
  String expand(
      Map<String, JsonNode> arguments,
      Secrets secrets,
      java.util.function.UnaryOperator<String> encoder) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) out.append(l.text());
      else if (p instanceof Secret s) out.append(secrets.expand("${secret:" + s.name() + "}"));
      else {
        JsonNode value = arguments.get(((Argument) p).name());
        String text =
            value == null || value.isNull()
                ? ""
                : value.isTextual() ? value.textValue() : value.toString();
        out.append(encoder.apply(text));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
