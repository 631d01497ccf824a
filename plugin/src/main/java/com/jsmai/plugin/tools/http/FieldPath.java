package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small JSONPath subset for picking fields out of a response: {@code $}, {@code .name}, {@code
 * ['name']}, {@code [2]} and the wildcard {@code [*]}. A path with a wildcard yields an array of
 * every match (flattened across wildcards); one without yields the single value, or null.
 *
 * <p>Examples: {@code $.status}, {@code $.items[*].name}, {@code $.fulfillments[*].tracking_id[*]}.
 */
final class FieldPath {
  private sealed interface Step permits Field, Index, Wildcard {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private final String text;
  private final List<Step> steps;
  private final boolean multi;

  private FieldPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
    this.multi = steps.stream().anyMatch(s -> s instanceof Wildcard);
  }

  /**
   * @throws IllegalArgumentException naming the path and the position of the problem
   */
  static FieldPath parse(String text) {
    Objects.requireNonNull(text, "path");
    String p = text.trim();
    if (!p.startsWith("$")) throw bad(text, 0, "must start with $");
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < p.length() && isNameChar(p.charAt(i))) i++;
        if (i == start) throw bad(text, start, "expected a field name after '.'");
        steps.add(new Field(p.substring(start, i)));
      } else if (c == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) throw bad(text, i, "unclosed '['");
        String inner = p.substring(i + 1, close).trim();
        if (inner.equals("*")) {
          steps.add(new Wildcard());
        } else if (inner.matches("\\d{1,6}")) {
          steps.add(new Index(Integer.parseInt(inner)));
        } else if (inner.length() >= 2
            && (inner.startsWith("'") && inner.endsWith("'")
                || inner.startsWith("\"") && inner.endsWith("\""))) {
          steps.add(new Field(inner.substring(1, inner.length() - 1)));
        } else {
          throw bad(text, i, "expected [*], [number] or ['name']");
        }
        i = close + 1;
      } else {
        throw bad(text, i, "unexpected '" + c + "'");
      }
    }
    return new FieldPath(p, steps);
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private static IllegalArgumentException bad(String path, int at, String why) {
    return new IllegalArgumentException("bad field path \"" + path + "\" at " + at + ": " + why);
  }

  /** Whether the path can match several values (it has a wildcard). */
  boolean isMulti() {
    return multi;
  }

  /** The value at this path in {@code root}: an array for a wildcard path, else a value or null. */
  JsonNode select(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step instanceof Field f) {
          JsonNode child = node.isObject() ? node.get(f.name()) : null;
          if (child != null) next.add(child);
        } else if (step instanceof Index ix) {
          JsonNode child = node.isArray() ? node.get(ix.index()) : null;
          if (child != null) next.add(child);
        } else {
          if (node.isArray() || node.isObject()) node.elements().forEachRemaining(next::add);
        }
      }
      current = next;
    }
    if (multi) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      current.forEach(array::add);
      return array;
    }
    return current.isEmpty() ? NullNode.getInstance() : current.get(0);
  }

  @Override
  public String toString() {
    return text;
  }
}
