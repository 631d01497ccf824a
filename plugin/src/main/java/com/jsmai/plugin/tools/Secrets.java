package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${secret:NAME}} references and remembers every value it handed out, so that the
 * same instance can scrub those values from anything that is logged, recorded or shown to the model
 * (a server that echoes its API key back, an exception that quotes a header).
 *
 * <p>Thread-safe. Share one instance between the HTTP tools and the {@link ToolExecutor}.
 */
public final class Secrets {
  /** A reference inside a header value or query value: {@code ${secret:ORDERS_API_KEY}}. */
  public static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");

  static final String MASK = "[REDACTED]";
  // Values shorter than this are not scrubbed: replacing "1" everywhere would wreck the text and a
  // secret that short protects nothing anyway.
  private static final int MIN_REDACTED_LENGTH = 4;

  private final SecretResolver resolver;
  private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

  public Secrets(SecretResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** No secrets at all: every reference fails, nothing is scrubbed. */
  public static Secrets none() {
    return new Secrets(name -> java.util.Optional.empty());
  }

  /**
   * Replaces every reference in {@code template} by its value.
   *
   * @throws IllegalStateException naming the secret (never a value) when one is not defined
   */
  public String expand(String template) {
    Matcher m = REFERENCE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          resolver
              .resolve(name)
              .orElseThrow(() -> new IllegalStateException("secret " + name + " is not defined"));
      if (value.length() >= MIN_REDACTED_LENGTH) handedOut.add(value);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code text} with every secret value handed out so far replaced by {@code [REDACTED]}. */
  public String redact(String text) {
    if (text == null || handedOut.isEmpty()) return text;
    String result = text;
    for (String value : handedOut) {
      if (result.contains(value)) result = result.replace(value, MASK);
    }
    return result;
  }

  /** A copy of {@code node} with secret values scrubbed from every string and field name. */
  public JsonNode redact(JsonNode node) {
    if (node == null || handedOut.isEmpty()) return node;
    if (node.isTextual()) {
      String scrubbed = redact(node.textValue());
      return scrubbed.equals(node.textValue()) ? node : TextNode.valueOf(scrubbed);
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      for (JsonNode element : node) copy.add(redact(element));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(redact(field.getKey()), redact(field.getValue()));
      }
      return copy;
    }
    return node;
  }
}
