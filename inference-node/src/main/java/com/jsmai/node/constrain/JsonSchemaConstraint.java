package com.jsmai.node.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.node.constrain.Frame.Root;

/**
 * Entry point for {@code response_format}: {@code json_schema} ({@link #compile}) and {@code
 * json_object} ({@link #jsonObject}). The output is the JSON value alone, then end of sequence.
 */
public final class JsonSchemaConstraint {
  private JsonSchemaConstraint() {}

  /**
   * Compiles {@code schema} (the {@code json_schema.schema} object) for {@code vocab}.
   *
   * @throws InvalidConstraintException for a malformed or unsupported schema (HTTP 400)
   */
  public static Grammar compile(JsonNode schema, TokenVocabulary vocab) {
    SchemaNode node = SchemaCompiler.compile(schema);
    return new Grammar(vocab, new ParseStack(new Root(node, Root.BEFORE), null), false, -1, -1);
  }

  /** Any JSON object. */
  public static Grammar jsonObject(TokenVocabulary vocab) {
    SchemaNode node = SchemaCompiler.anyObject();
    return new Grammar(vocab, new ParseStack(new Root(node, Root.BEFORE), null), false, -1, -1);
  }
}
