package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HermesToolCallParserTest {
  private final AtomicInteger ids = new AtomicInteger();
  private final HermesToolCallParser parser =
      new HermesToolCallParser(() -> "call_" + ids.incrementAndGet());

  @Test
  void parse_noTag_allContent() {
    ExtractedToolCalls r = parser.parse("Just an answer with <b>markup</b>.");

    assertThat(r.toolsCalled()).isFalse();
    assertThat(r.content()).isEqualTo("Just an answer with <b>markup</b>.");
  }

  @Test
  void parse_singleCall_argumentsReserializedLikePythonJsonDumps() {
    ExtractedToolCalls r =
        parser.parse(
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Paris\","
                + "\"days\":[1,2]}}\n</tool_call>");

    assertThat(r.content()).isNull();
    assertThat(r.toolCalls())
        .containsExactly(
            new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\", \"days\": [1, 2]}"));
  }

  @Test
  void parse_textBeforeFirstTag_isContent() {
    ExtractedToolCalls r =
        parser.parse(
            "Let me check.\n<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n" + "</tool_call>");

    assertThat(r.content()).isEqualTo("Let me check.\n");
    assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("f");
  }

  @Test
  void parse_severalCalls_inOrderWithDistinctIds() {
    String out =
        "<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": 1}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"b\", \"arguments\": {\"y\": 2}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"c\", \"arguments\": {}}\n</tool_call>";

    ExtractedToolCalls r = parser.parse(out);

    assertThat(r.toolCalls())
        .containsExactly(
            new ToolCall("call_1", "a", "{\"x\": 1}"),
            new ToolCall("call_2", "b", "{\"y\": 2}"),
            new ToolCall("call_3", "c", "{}"));
  }

  @Test
  void parse_unterminatedLastBlock_stillParsed() {
    ExtractedToolCalls r =
        parser.parse(
            "<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n"
                + "{\"name\": \"b\", \"arguments\": {\"q\": \"x\"}}\n");

    assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("a", "b");
    assertThat(r.toolCalls().get(1).arguments()).isEqualTo("{\"q\": \"x\"}");
  }

  @Test
  void parse_badJson_everythingIsContent() {
    String out = "Sure.<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": }\n</tool_call>";

    ExtractedToolCalls r = parser.parse(out);

    assertThat(r.toolsCalled()).isFalse();
    assertThat(r.content()).isEqualTo(out);
  }

  @Test
  void parse_oneBadBlockAmongGood_everythingIsContent() {
    String out =
        "<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>"
            + "<tool_call>\nnot json\n</tool_call>";

    assertThat(parser.parse(out).toolsCalled()).isFalse();
    assertThat(parser.parse(out).content()).isEqualTo(out);
  }

  @Test
  void parse_missingArguments_everythingIsContent() {
    String out = "<tool_call>\n{\"name\": \"a\"}\n</tool_call>";

    assertThat(parser.parse(out).toolsCalled()).isFalse();
    assertThat(parser.parse(out).content()).isEqualTo(out);
  }

  @Test
  void parse_trailingDataAfterJson_everythingIsContent() {
    String out = "<tool_call>\n{\"name\": \"a\", \"arguments\": {}} extra\n</tool_call>";

    assertThat(parser.parse(out).toolsCalled()).isFalse();
  }

  @Test
  void parse_chineseAndEscapes_keptUnescapedLikeEnsureAsciiFalse() {
    ExtractedToolCalls r =
        parser.parse(
            "好的<tool_call>\n{\"name\": \"查询订单\", \"arguments\": {\"订单号\": \"A-1\\u0031\","
                + " \"备注\": \"say \\\"hi\\\"\\n\"}}\n</tool_call>");

    assertThat(r.content()).isEqualTo("好的");
    assertThat(r.toolCalls().get(0).name()).isEqualTo("查询订单");
    assertThat(r.toolCalls().get(0).arguments())
        .isEqualTo("{\"订单号\": \"A-11\", \"备注\": \"say \\\"hi\\\"\\n\"}");
  }

  @Test
  void parse_numbers_writtenAsPythonWould() {
    ExtractedToolCalls r =
        parser.parse(
            "<tool_call>{\"name\": \"n\", \"arguments\": {\"a\": 1.0,"
                + " \"b\": 1e16, \"c\": 0.0001, \"d\": 0.00001, \"e\": 123456789012345678901234567890,"
                + " \"f\": -0.0, \"g\": 2.5E3, \"h\": 1e400}}</tool_call>");

    assertThat(r.toolCalls().get(0).arguments())
        .isEqualTo(
            "{\"a\": 1.0, \"b\": 1e+16, \"c\": "
                + "0.0001, \"d\": 1e-05, \"e\": 123456789012345678901234567890, \"f\": -0.0, \"g\": "
                + "2500.0, \"h\": Infinity}");
  }

  @Test
  void defaultIds_areCallPrefixedRandomAlphanumerics() {
    HermesToolCallParser real = new HermesToolCallParser();
    String out =
        "<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>"
            + "<tool_call>{\"name\": \"b\", \"arguments\": {}}</tool_call>";

    ExtractedToolCalls r = real.parse(out);

    assertThat(r.toolCalls()).allSatisfy(c -> assertThat(c.id()).matches("call_[A-Za-z0-9]{24}"));
    assertThat(r.toolCalls().get(0).id()).isNotEqualTo(r.toolCalls().get(1).id());
  }
}
