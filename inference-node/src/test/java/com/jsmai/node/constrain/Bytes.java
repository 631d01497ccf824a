package com.jsmai.node.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.constrain.Frame.Root;
import java.nio.charset.StandardCharsets;

/** Drives the byte recogniser directly in tests. */
final class Bytes {
  static final ObjectMapper JSON = new ObjectMapper();

  private Bytes() {}

  static JsonNode schema(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static ParseStack start(String schemaJson) {
    return new ParseStack(new Root(SchemaCompiler.compile(schema(schemaJson)), Root.BEFORE), null);
  }

  /** The state after {@code text}, or null when some byte is rejected. */
  static ParseStack feed(ParseStack s, String text) {
    return feed(s, text.getBytes(StandardCharsets.UTF_8));
  }

  static ParseStack feed(ParseStack s, byte[] bytes) {
    for (byte b : bytes) {
      s = s.step(b & 0xFF);
      if (s == null) {
        return null;
      }
    }
    return s;
  }

  /** Whether {@code text} is a complete document for the schema. */
  static boolean accepts(String schemaJson, String text) {
    ParseStack s = feed(start(schemaJson), text);
    return s != null && Grammar.accepting(s);
  }

  /** Whether {@code text} is a prefix of some accepted document. */
  static boolean acceptsPrefix(String schemaJson, String text) {
    return feed(start(schemaJson), text) != null;
  }

  static String completion(String schemaJson, String prefix) {
    ParseStack s = feed(start(schemaJson), prefix);
    if (s == null) {
      throw new IllegalArgumentException("prefix rejected: " + prefix);
    }
    return prefix + new String(Grammar.completion(s), StandardCharsets.UTF_8);
  }
}
