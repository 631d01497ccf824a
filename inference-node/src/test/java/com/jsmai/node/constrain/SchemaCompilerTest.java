package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaCompilerTest {

  private static void assertRejected(String schema, String messagePart) {
    assertThatThrownBy(() -> SchemaCompiler.compile(Bytes.schema(schema)))
        .isInstanceOf(InvalidConstraintException.class)
        .hasMessageContaining(messagePart);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"allOf\":[{\"type\":\"string\"}]}|'allOf' is not supported",
        "{\"type\":\"array\",\"uniqueItems\":true}|uniqueItems",
        "{\"type\":\"integer\",\"multipleOf\":3}|'multipleOf' is not supported",
        "{\"type\":\"object\",\"patternProperties\":{}}|'patternProperties'",
        "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}|tuple",
        "{\"type\":\"strin\"}|unknown type 'strin'",
        "{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}|minLength 5 exceeds maxLength 2",
        "{\"type\":\"string\",\"pattern\":\"(?=a)b\"}|lookaround",
        "{\"type\":\"string\",\"pattern\":\"a\\\\1\"}|escape",
        "{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}|no number",
        "{\"type\":\"number\",\"minimum\":0.123456789}|more than 8 decimals",
        "{\"type\":\"integer\",\"maximum\":1e30}|beyond 1e17",
        "{\"anyOf\":[{\"type\":\"string\"},{\"enum\":[\"a\"]}]}|different JSON types",
        "{\"type\":[\"integer\",\"string\"],\"anyOf\":[{}]}|next to",
        "{\"$ref\":\"#/$defs/missing\"}|does not resolve",
        "{\"$ref\":\"http://example.com/s.json\"}|only local $ref",
        "{\"type\":\"string\",\"enum\":[1,2]}|no enum/const value",
        "false|admits no value",
        "[1]|must be an object",
        "{\"type\":\"object\",\"required\":[\"a\"],\"additionalProperties\":false}|not allowed",
        "{\"$defs\":{\"a\":{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/a\"}},"
            + "\"required\":[\"x\"]}},\"$ref\":\"#/$defs/a\"}|no finite instance",
      })
  void compile_unsupportedOrMalformed_throwsClearError(String schema, String message) {
    assertRejected(schema, message);
  }

  @Test
  void compile_annotationsAndFormat_ignored() {
    SchemaNode n =
        SchemaCompiler.compile(
            Bytes.schema(
                "{\"title\":\"T\",\"description\":\"d\",\"$schema\":\"x\",\"type\":\"string\","
                    + "\"format\":\"email\",\"examples\":[\"a\"],\"default\":\"b\"}"));
    assertThat(n).isInstanceOf(SchemaNode.Str.class);
  }

  @Test
  void compile_optionalRecursion_isFinite() {
    String s =
        "{\"$defs\":{\"a\":{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/a\"}}}},"
            + "\"$ref\":\"#/$defs/a\"}";
    assertThat(SchemaCompiler.compile(Bytes.schema(s)).resolve().minBytes).isEqualTo(2);
  }

  @Test
  void compile_optionalPropertyWithNoFiniteValue_isNeverOffered() {
    String s =
        "{\"$defs\":{\"bad\":{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/bad\"}},"
            + "\"required\":[\"x\"]}},\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"null\"},"
            + "\"loop\":{\"$ref\":\"#/$defs/bad\"}}}";
    assertThat(Bytes.acceptsPrefix(s, "{\"l")).isFalse();
    assertThat(Bytes.accepts(s, "{\"ok\":null}")).isTrue();
  }

  @Test
  void compile_requiredWithoutDeclaredSchema_acceptsAnyValue() {
    String s = "{\"type\":\"object\",\"required\":[\"a\"]}";
    assertThat(Bytes.accepts(s, "{\"a\":[1,{\"b\":\"c\"}]}")).isTrue();
    assertThat(Bytes.acceptsPrefix(s, "{\"b\"")).isFalse();
  }
}
