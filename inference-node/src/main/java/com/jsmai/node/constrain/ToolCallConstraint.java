package com.jsmai.node.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.node.constrain.Frame.Tool;
import com.jsmai.node.constrain.Frame.ToolSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point for {@code tool_choice} "required" and named functions: the output is exactly one
 * Hermes tool call as Qwen's chat template renders it,
 *
 * <pre>{@code <tool_call>\n{"name": "NAME", "arguments": ARGS}\n</tool_call>}</pre>
 *
 * then end of sequence, with {@code <tool_call>} and {@code </tool_call>} as their single added
 * tokens, NAME one of the tools (forced for a named function) and ARGS valid against that tool's
 * {@code parameters} schema.
 */
public final class ToolCallConstraint {
  static final String OPEN_TAG = "<tool_call>";
  static final String CLOSE_TAG = "</tool_call>";

  private ToolCallConstraint() {}

  /** {@code tool_choice: {"type":"function","function":{"name": name}}}. */
  public static Grammar forNamed(String name, JsonNode parameters, TokenVocabulary vocab) {
    Map<String, JsonNode> one = new LinkedHashMap<>();
    one.put(name, parameters);
    return forRequired(one, vocab);
  }

  /**
   * {@code tool_choice: "required"}: one call to any of {@code tools} (name → parameters schema; a
   * null or missing schema means no arguments, {@code {}}).
   *
   * @throws InvalidConstraintException for no tools, bad names or unsupported schemas (HTTP 400)
   */
  public static Grammar forRequired(Map<String, JsonNode> tools, TokenVocabulary vocab) {
    if (tools.isEmpty()) {
      throw new InvalidConstraintException("tool_choice needs at least one tool");
    }
    int open =
        vocab
            .addedTokenId(OPEN_TAG)
            .orElseThrow(() -> new InvalidConstraintException("vocabulary has no " + OPEN_TAG));
    int close =
        vocab
            .addedTokenId(CLOSE_TAG)
            .orElseThrow(() -> new InvalidConstraintException("vocabulary has no " + CLOSE_TAG));
    List<String> names = new ArrayList<>(tools.keySet());
    for (String n : names) {
      if (n == null || n.isEmpty()) {
        throw new InvalidConstraintException("tool name must not be empty");
      }
    }
    names.sort(
        (a, b) -> Arrays.compareUnsigned(SchemaCompiler.keyBytes(a), SchemaCompiler.keyBytes(b)));
    List<JsonNode> schemas = new ArrayList<>();
    for (String n : names) {
      JsonNode p = tools.get(n);
      if (p == null || p.isNull() || p.isMissingNode()) {
        p =
            SchemaCompiler.JSON
                .createObjectNode()
                .put("type", "object")
                .put("additionalProperties", false);
      }
      schemas.add(p);
    }
    SchemaNode[] args = new SchemaNode[names.size()];
    for (int i = 0; i < args.length; i++) {
      try {
        args[i] = SchemaCompiler.compile(schemas.get(i));
      } catch (InvalidConstraintException e) {
        throw new InvalidConstraintException(
            "parameters of tool '" + names.get(i) + "': " + e.getMessage());
      }
    }
    ToolSet set =
        new ToolSet(
            "\n{\"name\": \"".getBytes(StandardCharsets.UTF_8),
            names.stream().map(SchemaCompiler::keyBytes).toArray(byte[][]::new),
            args,
            "\", \"arguments\": ".getBytes(StandardCharsets.UTF_8),
            "}\n".getBytes(StandardCharsets.UTF_8));
    ParseStack initial = new ParseStack(new Tool(set, Tool.PREFIX, 0, 0, 0, -1), null);
    return new Grammar(vocab, initial, true, open, close);
  }
}
