package com.jsmai.node.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamingToolCallParserTest {

  private static final List<String> OUTPUTS =
      List.of(
          "Plain answer, no tools. a < b and <tool without a call, ending in <tool_c",
          "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
              + "</tool_call>",
          "Let me look that up.\n\n<tool_call>\n{\"name\": \"create_ticket\", \"arguments\": "
              + "{\"summary\": \"VPN {down} \\\"again\\\" \\\\ }\", \"labels\": [\"a\", \"b]\"],"
              + " \"fields\": {\"n\": [1, {\"x\": null}], \"ok\": true}}}\n</tool_call>",
          "好的，我来查询。<tool_call>\n{\"name\": \"查询订单\", \"arguments\": {\"订单号\": "
              + "\"A-1001\", \"备注\": \"加急 😀\"}}\n</tool_call>\n<tool_call>\n{\"name\": "
              + "\"get_weather\", \"arguments\": {\"city\": \"北京\"}}\n</tool_call>",
          "<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n"
              + "{\"name\": \"b\", \"arguments\": {\"q\": [1, 2, 3]}}\n</tool_call>\n<tool_call>\n"
              + "{\"name\": \"c\", \"arguments\": {\"deep\": {\"deeper\": {\"deepest\": \"</\"}}}}"
              + "\n</tool_call>",
          "<tool_call>\n{\"name\": \"unterminated\", \"arguments\": {\"x\": \"y\"}}\n");

  /** Replays a stream and collects what a client would assemble from the deltas. */
  private record Assembled(
      String content, List<String> ids, List<String> names, List<String> arguments) {}

  private static Assembled stream(String output, List<Integer> cuts) {
    AtomicInteger n = new AtomicInteger();
    StreamingToolCallParser s =
        new HermesToolCallParser(() -> "call_" + n.incrementAndGet()).newStream();
    StringBuilder content = new StringBuilder();
    Map<Integer, String> ids = new LinkedHashMap<>();
    Map<Integer, String> names = new LinkedHashMap<>();
    Map<Integer, StringBuilder> args = new LinkedHashMap<>();
    int prev = 0;
    List<StreamDelta> deltas = new ArrayList<>();
    for (int cut : cuts) {
      deltas.add(s.next(output.substring(prev, cut)));
      prev = cut;
    }
    deltas.add(s.next(output.substring(prev)));
    deltas.add(s.finish());
    for (StreamDelta d : deltas) {
      content.append(d.content());
      for (ToolCallDelta t : d.toolCalls()) {
        if (t.id() != null) {
          assertThat(ids)
              .as("first delta of call %d comes once, in order", t.index())
              .doesNotContainKey(t.index())
              .hasSize(t.index());
          assertThat(t.type()).isEqualTo("function");
          ids.put(t.index(), t.id());
          names.put(t.index(), t.name());
          args.put(t.index(), new StringBuilder());
        } else {
          assertThat(ids).as("arguments only after the call was announced").containsKey(t.index());
          assertThat(t.name()).isNull();
          args.get(t.index()).append(t.arguments());
        }
      }
    }
    List<String> a = new ArrayList<>();
    args.values().forEach(b -> a.add(b.toString()));
    return new Assembled(
        content.toString(), new ArrayList<>(ids.values()), new ArrayList<>(names.values()), a);
  }

  private static void assertMatchesWholeParse(String output, List<Integer> cuts) {
    AtomicInteger n = new AtomicInteger();
    ExtractedToolCalls whole =
        new HermesToolCallParser(() -> "call_" + n.incrementAndGet()).parse(output);

    Assembled streamed = stream(output, cuts);

    String context = "output " + output.hashCode() + " cut at " + cuts;
    assertThat(streamed.content())
        .as(context)
        .isEqualTo(whole.content() == null ? "" : whole.content());
    assertThat(streamed.names())
        .as(context)
        .isEqualTo(whole.toolCalls().stream().map(ToolCall::name).toList());
    assertThat(streamed.arguments())
        .as(context)
        .isEqualTo(whole.toolCalls().stream().map(ToolCall::arguments).toList());
    assertThat(streamed.ids()).as(context).doesNotHaveDuplicates();
  }

  @Test
  void stream_everyTwoWaySplit_matchesWholeOutputParse() {
    for (String output : OUTPUTS) {
      for (int cut = 0; cut <= output.length(); cut++) {
        assertMatchesWholeParse(output, List.of(cut));
      }
    }
  }

  @Test
  void stream_everyThreeWaySplitAroundTags_matchesWholeOutputParse() {
    for (String output : OUTPUTS) {
      java.util.TreeSet<Integer> near = new java.util.TreeSet<>();
      for (String tag : List.of("<tool_call>", "</tool_call>", "\"name\"", "\"arguments\"")) {
        for (int at = output.indexOf(tag); at >= 0; at = output.indexOf(tag, at + 1)) {
          // just before, inside and just after each tag
          for (int i :
              List.of(
                  at - 1,
                  at,
                  at + 1,
                  at + tag.length() / 2,
                  at + tag.length() - 1,
                  at + tag.length(),
                  at + tag.length() + 1)) {
            near.add(Math.max(0, Math.min(output.length(), i)));
          }
        }
      }
      for (int a : near) {
        for (int b : near) {
          if (a <= b) {
            assertMatchesWholeParse(output, List.of(a, b));
          }
        }
      }
    }
  }

  @Test
  void stream_characterByCharacter_matchesWholeOutputParse() {
    for (String output : OUTPUTS) {
      List<Integer> cuts = new ArrayList<>();
      for (int i = 1; i < output.length(); i++) {
        cuts.add(i);
      }
      assertMatchesWholeParse(output, cuts);
    }
  }

  @Test
  void stream_randomChunkings_matchWholeOutputParse() {
    Random random = new Random(7);
    for (String output : OUTPUTS) {
      for (int round = 0; round < 200; round++) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = random.nextInt(6) + 1; i < output.length(); i += random.nextInt(6) + 1) {
          cuts.add(i);
        }
        assertMatchesWholeParse(output, cuts);
      }
    }
  }

  @Test
  void next_possibleTagPrefix_isHeldBackUntilDecided() {
    StreamingToolCallParser s = new HermesToolCallParser().newStream();

    assertThat(s.next("Hello <tool").content()).isEqualTo("Hello ");
    assertThat(s.next("box> there").content()).isEqualTo("<toolbox> there");
    assertThat(s.next(" <tool_").content()).isEqualTo(" ");
    StreamDelta tag = s.next("call>\n{\"name\": \"f\"");
    assertThat(tag.content()).isEmpty();
    assertThat(tag.toolCalls())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.index()).isZero();
              assertThat(d.name()).isEqualTo("f");
              assertThat(d.id()).startsWith("call_");
            });
    assertThat(s.toolsCalled()).isTrue();
  }

  @Test
  void next_argumentsArriveIncrementally() {
    StreamingToolCallParser s = new HermesToolCallParser(() -> "call_x").newStream();
    s.next("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"city\": \"Pa");

    StreamDelta d = s.next("ris\"}}\n</tool_call>");

    assertThat(d.toolCalls())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.index()).isZero();
              assertThat(t.id()).isNull();
              assertThat(t.arguments()).isEqualTo("ris\"}");
            });
  }

  @Test
  void finish_streamEndingInTagPrefix_releasesItAsContent() {
    StreamingToolCallParser s = new HermesToolCallParser().newStream();

    assertThat(s.next("x <tool_ca").content()).isEqualTo("x ");
    assertThat(s.finish().content()).isEqualTo("<tool_ca");
    assertThat(s.toolsCalled()).isFalse();
  }

  @Test
  void finish_blockWithoutName_releasesWholeBlockAsContent() {
    StreamingToolCallParser s = new HermesToolCallParser().newStream();
    String out = "a<tool_call>\nnot json at all\n</tool_call>";

    String content = s.next(out).content() + s.finish().content();

    assertThat(content).isEqualTo(out);
  }

  @Test
  void next_afterFinish_isRefused() {
    StreamingToolCallParser s = new HermesToolCallParser().newStream();
    s.finish();

    assertThatThrownBy(() -> s.next("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void next_surrogatePairSplitAcrossChunks_isNotSplitInContent() {
    StreamingToolCallParser s = new HermesToolCallParser().newStream();
    String emoji = "😀";

    String first = s.next("a" + emoji.charAt(0)).content();
    String second = s.next(String.valueOf(emoji.charAt(1))).content();

    assertThat(first).isEqualTo("a");
    assertThat(second).isEqualTo(emoji);
  }
}
