package com.jsmai.node.constrain;

import static com.jsmai.node.constrain.Bytes.accepts;
import static com.jsmai.node.constrain.Bytes.acceptsPrefix;
import static com.jsmai.node.constrain.Bytes.completion;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecognizerTest {
  static final String PERSON =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":5},"
          + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120},"
          + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"bb\"]},\"maxItems\":2}},"
          + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

  @Test
  void object_requiredAndOptional_acceptsAnyOrder() {
    assertThat(accepts(PERSON, "{\"name\":\"Bo\",\"age\":7}")).isTrue();
    assertThat(accepts(PERSON, "{\"age\":7,\"name\":\"Bo\",\"tags\":[\"bb\",\"a\"]}")).isTrue();
    assertThat(accepts(PERSON, "{ \"name\": \"Bo\",\n\"age\": 120\n}")).isTrue();
  }

  @Test
  void object_missingRequired_rejectsClose() {
    assertThat(acceptsPrefix(PERSON, "{\"name\":\"Bo\"}")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{}")).isFalse();
  }

  @Test
  void object_unknownOrDuplicateKey_rejected() {
    assertThat(acceptsPrefix(PERSON, "{\"nam\"")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\"x")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\"name\":\"a\",\"name\"")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\"name\":\"a\",\"na")).isFalse();
  }

  @Test
  void whitespace_oneSpaceOrNewlineWithIndentation() {
    assertThat(
            accepts(
                PERSON, "{\n  \"name\": \"Bo\",\n  \"tags\": [\n    \"a\"\n  ],\n  \"age\": 7\n}"))
        .isTrue();
    assertThat(acceptsPrefix(PERSON, "{\n" + " ".repeat(16) + "\"")).isTrue();
    assertThat(acceptsPrefix(PERSON, "{\n" + " ".repeat(17))).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\n\n")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{ \n")).isFalse();
  }

  @Test
  void whitespace_elsewhereOrDoubled_rejected() {
    assertThat(acceptsPrefix(PERSON, "{  ")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\"name\" :")).isFalse();
    assertThat(acceptsPrefix(PERSON, "{\"name\":  ")).isFalse();
    assertThat(acceptsPrefix(PERSON, "\t")).isFalse();
  }

  @Test
  void string_maxLength_countsCodePoints() {
    assertThat(accepts(PERSON, "{\"name\":\"订单状态查\",\"age\":1}")).isTrue();
    assertThat(acceptsPrefix(PERSON, "{\"name\":\"订单状态查询")).isFalse();
    assertThat(accepts(PERSON, "{\"name\":\"\\n\\u00e9\\\"ab\",\"age\":1}")).isTrue();
  }

  @Test
  void string_invalidUtf8OrControl_rejected() {
    String s = "{\"type\":\"string\"}";
    assertThat(acceptsPrefix(s, "\"a\tb")).isFalse();
    byte[] overlong = {'"', (byte) 0xC0, (byte) 0x80};
    assertThat(Bytes.feed(Bytes.start(s), overlong)).isNull();
    byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0};
    assertThat(Bytes.feed(Bytes.start(s), surrogate)).isNull();
    byte[] splitChinese = Arrays.copyOf("\"订".getBytes(StandardCharsets.UTF_8), 3);
    assertThat(Bytes.feed(Bytes.start(s), splitChinese)).isNotNull();
    assertThat(acceptsPrefix(s, "\"\\ud800")).isFalse();
    assertThat(acceptsPrefix(s, "\"\\x")).isFalse();
  }

  @Test
  void integer_bounds_enforcedDigitByDigit() {
    String s = "{\"type\":\"integer\",\"minimum\":10,\"maximum\":250}";
    assertThat(accepts(s, "10")).isTrue();
    assertThat(accepts(s, "250")).isTrue();
    assertThat(accepts(s, "9")).isFalse();
    assertThat(accepts(s, "26")).isTrue();
    assertThat(acceptsPrefix(s, "260")).isFalse();
    assertThat(acceptsPrefix(s, "2500")).isFalse();
    assertThat(acceptsPrefix(s, "-")).isFalse();
    assertThat(acceptsPrefix(s, "01")).isFalse();
    assertThat(acceptsPrefix(s, "1.")).isFalse();
    assertThat(completion(s, "")).isEqualTo("10");
    assertThat(completion(s, "3")).isEqualTo("30");
  }

  @Test
  void integer_fractionalBounds_roundInward() {
    String s = "{\"type\":\"integer\",\"minimum\":1.5,\"exclusiveMaximum\":4}";
    assertThat(accepts(s, "2")).isTrue();
    assertThat(accepts(s, "3")).isTrue();
    assertThat(accepts(s, "1")).isFalse();
    assertThat(accepts(s, "4")).isFalse();
    assertThat(completion(s, "")).isEqualTo("2");
  }

  @Test
  void number_exclusiveAndNegativeBounds_exact() {
    String s = "{\"type\":\"number\",\"exclusiveMinimum\":-1.5,\"maximum\":-0.25}";
    assertThat(accepts(s, "-1.4")).isTrue();
    assertThat(accepts(s, "-0.25")).isTrue();
    assertThat(accepts(s, "-1.5")).isFalse();
    assertThat(accepts(s, "-0.2")).isFalse();
    assertThat(acceptsPrefix(s, "0")).isFalse();
    assertThat(acceptsPrefix(s, "-2")).isFalse();
    assertThat(completion(s, "")).isEqualTo("-1");
    assertThat(completion(s, "-0")).isEqualTo("-0.3");
  }

  @Test
  void enumAndConst_onlyListedValues() {
    String s = "{\"enum\":[\"open\",\"closed\",1,12,null,{\"a\":[true]}]}";
    for (String v : new String[] {"\"open\"", "\"closed\"", "1", "12", "null", "{\"a\":[true]}"}) {
      assertThat(accepts(s, v)).as(v).isTrue();
    }
    assertThat(accepts(s, "\"ope\"")).isFalse();
    assertThat(accepts(s, "123")).isFalse();
    assertThat(accepts("{\"const\":\"x\"}", "\"x\"")).isTrue();
    assertThat(accepts("{\"const\":\"x\"}", "\"y\"")).isFalse();
  }

  @Test
  void enum_valuesFailingTheRestOfTheSchema_dropped() {
    String s = "{\"type\":\"string\",\"maxLength\":3,\"enum\":[\"abc\",\"abcd\",7]}";
    assertThat(accepts(s, "\"abc\"")).isTrue();
    assertThat(accepts(s, "\"abcd\"")).isFalse();
    assertThat(accepts(s, "7")).isFalse();
  }

  @Test
  void pattern_orderId_exactly() {
    String s = "{\"type\":\"string\",\"pattern\":\"^#W[0-9]{7}$\"}";
    assertThat(accepts(s, "\"#W1234567\"")).isTrue();
    assertThat(acceptsPrefix(s, "\"#W123456\"")).isFalse();
    assertThat(acceptsPrefix(s, "\"#W12345678")).isFalse();
    assertThat(acceptsPrefix(s, "\"W")).isFalse();
    assertThat(completion(s, "\"#W12")).isEqualTo("\"#W1200000\"");
  }

  @Test
  void pattern_unanchored_isASearch() {
    String s = "{\"type\":\"string\",\"pattern\":\"ab+\",\"maxLength\":4}";
    assertThat(accepts(s, "\"xabb\"")).isTrue();
    assertThat(accepts(s, "\"xyz\"")).isFalse();
    assertThat(acceptsPrefix(s, "\"xyz")).isFalse(); // no room left for "ab"
    assertThat(completion(s, "\"x")).isEqualTo("\"xab\"");
  }

  @Test
  void array_minAndMaxItems() {
    String s =
        "{\"type\":\"array\",\"items\":{\"type\":\"boolean\"},\"minItems\":1,\"maxItems\":2}";
    assertThat(accepts(s, "[true]")).isTrue();
    assertThat(accepts(s, "[true, false]")).isTrue();
    assertThat(acceptsPrefix(s, "[]")).isFalse();
    assertThat(acceptsPrefix(s, "[true,false,")).isFalse();
    assertThat(completion(s, "[")).isEqualTo("[true]");
  }

  @Test
  void anyOf_disjointTypes_andRefRecursion() {
    String s =
        "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},"
            + "\"next\":{\"anyOf\":[{\"$ref\":\"#/$defs/node\"},{\"type\":\"null\"}]}},"
            + "\"required\":[\"v\",\"next\"]}},\"$ref\":\"#/$defs/node\"}";
    assertThat(accepts(s, "{\"v\":1,\"next\":{\"v\":2,\"next\":null}}")).isTrue();
    assertThat(accepts(s, "{\"v\":1,\"next\":\"x\"}")).isFalse();
    assertThat(completion(s, "{\"v\":1,\"next\":{"))
        .isEqualTo("{\"v\":1,\"next\":{\"v\":0,\"next\":null}}");
  }

  @Test
  void anyJson_objectMode_nestedValues() {
    String s = "{\"type\":\"object\"}";
    assertThat(accepts(s, "{\"a\":[1,-2.5,\"x\",{\"b\":null}],\"c\":true}")).isTrue();
    assertThat(accepts(s, "[1]")).isFalse();
    assertThat(completion(s, "{\"a\":[1,{\"b\":\"x")).isEqualTo("{\"a\":[1,{\"b\":\"x\"}]}");
  }

  @Test
  void completion_fillsMissingRequiredWithShortestValues() {
    assertThat(completion(PERSON, "{\"tags\":[\"bb\""))
        .isEqualTo("{\"tags\":[\"bb\"],\"age\":0,\"name\":\"\"}");
    assertThat(completion(PERSON, "{\"name\":\"订")).isEqualTo("{\"name\":\"订\",\"age\":0}");
  }

  @Test
  void completion_ofSplitUtf8_finishesTheCharacter() {
    byte[] prefix = Arrays.copyOf("{\"name\":\"订".getBytes(StandardCharsets.UTF_8), 10);
    ParseStack s = Bytes.feed(Bytes.start(PERSON), prefix);
    byte[] rest = Grammar.completion(s);
    ParseStack done = Bytes.feed(s, rest);
    assertThat(done).isNotNull();
    assertThat(Grammar.accepting(done)).isTrue();
  }
}
