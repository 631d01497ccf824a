package com.jsmai.plugin.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A system-prompt template with {@code {{variable}}} placeholders. Parsing checks every variable
 * against the known set, so a typo fails when the configuration loads, not when a customer writes.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptTemplate {
  /** The variables a template may use. */
  public static final Set<String> VARIABLES =
      Set.of("current_time", "customer_name", "user_region", "language", "service_desk");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private final String text;
  private final List<Object> parts; // String literal or Var

  private record Var(String name) {}

  private PromptTemplate(String text, List<Object> parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the template and the unknown variable, or an unclosed
   *     {@code {{}
   */
  public static PromptTemplate parse(String name, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("prompt template '" + name + "' is empty");
    }
    List<Object> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      String variable = m.group(1);
      if (!VARIABLES.contains(variable)) {
        throw new IllegalArgumentException(
            "prompt template '"
                + name
                + "' uses unknown variable {{"
                + variable
                + "}}; known: "
                + new java.util.TreeSet<>(VARIABLES));
      }
      parts.add(text.substring(last, m.start()));
      parts.add(new Var(variable));
      last = m.end();
    }
    String tail = text.substring(last);
    if (tail.contains("{{")) {
      throw new IllegalArgumentException(
          "prompt template '"
              + name
              + "' has an unclosed {{ near: "
              + tail.substring(
                  tail.indexOf("{{"), Math.min(tail.length(), tail.indexOf("{{") + 30)));
    }
    parts.add(tail);
    return new PromptTemplate(text, List.copyOf(parts));
  }

  /** Fills the template; every variable must have a value. */
  public String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof Var v) {
        String value = values.get(v.name());
        if (value == null) throw new IllegalArgumentException("no value for {{" + v.name() + "}}");
        // Values come from tickets (a customer's display name): keep them on one line.
        out.append(value.replaceAll("[\\r\\n]+", " "));
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }

  public String text() {
    return text;
  }
}
