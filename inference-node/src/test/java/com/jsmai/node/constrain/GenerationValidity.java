package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** Decodes generated tokens and checks them with Jackson and networknt, independent of our code. */
final class GenerationValidity {
  static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private GenerationValidity() {}

  static String text(TokenVocabulary vocab, int[] tokens) {
    int[] content = Arrays.stream(tokens).filter(t -> !vocab.isEndToken(t)).toArray();
    byte[] bytes = vocab.decode(content);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("output is not valid UTF-8: " + Arrays.toString(bytes), e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return STRICT.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("output does not parse: " + text, e);
    }
  }

  static void assertValid(String schemaJson, JsonNode value, String context) {
    JsonSchema schema = FACTORY.getSchema(Bytes.schema(schemaJson));
    Set<ValidationMessage> errors = schema.validate(value);
    if (!errors.isEmpty()) {
      fail(context + ": " + value + " violates schema: " + errors);
    }
  }

  /** Checks a JSON-mode generation; returns the parsed value. */
  static JsonNode assertValidJson(
      String schemaJson, TokenVocabulary vocab, int[] tokens, String ctx) {
    String text = text(vocab, tokens);
    JsonNode v = parse(text);
    assertValid(schemaJson, v, ctx);
    return v;
  }

  /** Checks a tool-call generation against the tools (name → parameters schema). */
  static JsonNode assertValidToolCall(
      Map<String, String> tools, TokenVocabulary vocab, int[] tokens, String ctx) {
    int open = vocab.addedTokenId("<tool_call>").orElseThrow();
    int close = vocab.addedTokenId("</tool_call>").orElseThrow();
    assertThat(tokens[0]).as(ctx + " starts with <tool_call>").isEqualTo(open);
    int closeAt = -1;
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == close) {
        closeAt = i;
      }
    }
    assertThat(closeAt).as(ctx + " has </tool_call>").isPositive();
    for (int i = closeAt + 1; i < tokens.length; i++) {
      assertThat(vocab.isEndToken(tokens[i])).as(ctx + " only EOS after the call").isTrue();
    }
    String body = text(vocab, Arrays.copyOfRange(tokens, 1, closeAt));
    assertThat(body).as(ctx).startsWith("\n{\"name\": \"").endsWith("}\n");
    JsonNode call = parse(body);
    String name = call.path("name").asText();
    assertThat(tools).as(ctx + " tool name").containsKey(name);
    assertThat(call.size()).as(ctx + " only name and arguments").isEqualTo(2);
    assertValid(tools.get(name), call.get("arguments"), ctx);
    return call;
  }
}
