package com.jsmai.node.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json.loads} / {@code json.dumps(obj, ensure_ascii=False)} as vLLM's tool parser
 * uses them: separators {@code ", "} and {@code ": "}, integers kept exact, floats in Python {@code
 * repr} form ({@code 1.0}, {@code 1e+16}), NaN and Infinity accepted and written. Deliberately not
 * the template engine's {@code tojson} ({@link JinjaJson}, JavaScript number rules, NaN as {@code
 * null}): tool-call arguments must match what vLLM's Python parser writes. Both share {@link
 * JsSemantics#jsonQuote} and the {@link ShortestDecimal} digits.
 */
final class PythonJson {
  private PythonJson() {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  /**
   * Parses one JSON value; surrounding whitespace is allowed, trailing data is not.
   *
   * @throws JsonProcessingException when the text is not exactly one JSON value
   */
  static JsonNode loads(String text) throws JsonProcessingException {
    JsonNode node = MAPPER.readTree(text);
    if (node == null || node.isMissingNode()) {
      throw new com.fasterxml.jackson.core.JsonParseException(
          (JsonParser) null, "Expecting value: empty document");
    }
    return node;
  }

  static String dumps(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case NULL -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case STRING -> out.append(JsSemantics.jsonQuote(node.textValue()));
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          out.append(node.bigIntegerValue());
        } else {
          out.append(floatRepr(node.doubleValue()));
        }
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            out.append(", ");
          }
          first = false;
          out.append(JsSemantics.jsonQuote(e.getKey())).append(": ");
          write(e.getValue(), out);
        }
        out.append('}');
      }
      default -> throw new IllegalArgumentException("not JSON: " + node.getNodeType());
    }
  }

  /** Python's {@code float.__repr__}: shortest round-trip digits, scientific outside 1e-4..1e16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    if (d < 0) {
      return "-" + floatRepr(-d);
    }
    ShortestDecimal shortest = ShortestDecimal.of(d);
    String digits = shortest.digits();
    int k = digits.length();
    int n = shortest.pointPosition(); // value = 0.digits * 10^n
    int e = n - 1;
    if (e >= -4 && e < 16) {
      if (n <= 0) {
        return "0." + "0".repeat(-n) + digits;
      }
      if (n >= k) {
        return digits + "0".repeat(n - k) + ".0";
      }
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
  }
}
