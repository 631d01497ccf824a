package com.jsmai.plugin.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.EstimatingTokenCounter;
import com.jsmai.plugin.llm.TokenCounter;
import com.jsmai.plugin.testing.ScriptedChatModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContextBuilderTest {
  final ScriptedChatModel model = new ScriptedChatModel();
  final EstimatingTokenCounter counter = new EstimatingTokenCounter(null);

  static List<Turn> thread(int n) {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Turn.Speaker who = i % 2 == 0 ? Turn.Speaker.CUSTOMER : Turn.Speaker.ASSISTANT;
      turns.add(new Turn("c" + i, who, "turn " + i + " text", true, Instant.EPOCH));
    }
    return turns;
  }

  ContextBuilder builder(ContextConfig config) {
    return new ContextBuilder(counter, new Summarizer(model, counter), config);
  }

  @Test
  void build_shortThread_noSummaryAllTurns() {
    ContextBuilder.Context ctx =
        builder(ContextConfig.defaults()).build(thread(4), s -> "SYS " + s, null);

    assertThat(ctx.summary()).isNull();
    assertThat(ctx.messages()).hasSize(5);
    assertThat(ctx.messages().get(0).content()).isEqualTo("SYS null");
    assertThat(model.summaryCalls()).isZero();
  }

  @Test
  void build_noSummary_countsThePromptOnce() {
    List<List<ChatMessage>> counted = new ArrayList<>();
    TokenCounter recording =
        new TokenCounter() {
          @Override
          public int count(List<ChatMessage> messages) {
            counted.add(messages);
            return counter.count(messages);
          }

          @Override
          public int count(String text) {
            return counter.count(text);
          }

          @Override
          public OptionalInt maxModelLen() {
            return OptionalInt.empty();
          }
        };
    ContextBuilder b =
        new ContextBuilder(recording, new Summarizer(model, recording), ContextConfig.defaults());

    ContextBuilder.Context ctx = b.build(thread(4), s -> "SYS " + s, null);

    // Each count is a /tokenize round trip to the model server: one prompt, one count.
    assertThat(counted).hasSize(1);
    assertThat(counted.get(0)).isEqualTo(ctx.messages());
    assertThat(ctx.promptTokens()).isEqualTo(counter.count(ctx.messages()));
  }

  @Test
  void build_longThread_windowOfSixAndSummaryOfTheRest() {
    model.onSummary(r -> "the summary");

    ContextBuilder.Context ctx =
        builder(ContextConfig.defaults()).build(thread(30), s -> "SYS " + s, null);

    assertThat(ctx.windowTurns())
        .extracting(Turn::id)
        .containsExactly("c24", "c25", "c26", "c27", "c28", "c29");
    assertThat(ctx.summary().upToTurnId()).isEqualTo("c23");
    assertThat(ctx.summary().turnsCovered()).isEqualTo(24);
    assertThat(ctx.messages().get(0).content()).isEqualTo("SYS the summary");
    String summaryInput = model.requests().get(0).messages().get(1).content();
    assertThat(summaryInput)
        .contains("Customer: turn 0 text")
        .contains("turn 23 text")
        .doesNotContain("turn 24 text");
  }

  @Test
  void build_cachedSummaryCoversSameTurns_noModelCall() {
    TicketState.Summary cached = new TicketState.Summary("cached", "c23", 24);

    ContextBuilder.Context ctx =
        builder(ContextConfig.defaults()).build(thread(30), s -> "SYS " + s, cached);

    assertThat(model.summaryCalls()).isZero();
    assertThat(ctx.summary()).isSameAs(cached);
  }

  @Test
  void build_cachedSummaryOfPrefix_extendsIncrementally() {
    TicketState.Summary cached = new TicketState.Summary("old summary", "c21", 22);

    ContextBuilder.Context ctx =
        builder(ContextConfig.defaults()).build(thread(30), s -> "SYS " + s, cached);

    assertThat(model.summaryCalls()).isEqualTo(1);
    String input = model.requests().get(0).messages().get(1).content();
    assertThat(input)
        .startsWith("Summary so far:\nold summary")
        .contains("turn 22 text")
        .contains("turn 23 text")
        .doesNotContain("turn 21 text");
    assertThat(ctx.summary().turnsCovered()).isEqualTo(24);
  }

  @Test
  void build_turnsTooBigForBudget_dropsOldestAndStillFits() {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      turns.add(new Turn("c" + i, Turn.Speaker.CUSTOMER, "word ".repeat(300), true, Instant.EPOCH));
    }
    ContextConfig small = new ContextConfig(6, 1200, 200, 64, 16);

    ContextBuilder.Context ctx = builder(small).build(turns, s -> "SYS", null);

    assertThat(ctx.promptTokens()).isLessThanOrEqualTo(1200 - 200 - 16);
    assertThat(counter.count(ctx.messages())).isEqualTo(ctx.promptTokens());
    assertThat(ctx.windowTurns().size()).isLessThan(6);
    assertThat(ctx.summary()).isNotNull();
  }

  @Test
  void build_singleHugeTurn_isCutInTheMiddle() {
    String huge = "START " + "filler ".repeat(3000) + " END";
    List<Turn> turns = List.of(new Turn("c0", Turn.Speaker.CUSTOMER, huge, true, Instant.EPOCH));
    ContextConfig small = new ContextConfig(6, 1200, 200, 64, 16);

    ContextBuilder.Context ctx = builder(small).build(turns, s -> "SYS", null);

    ChatMessage user = ctx.messages().get(1);
    assertThat(user.content()).startsWith("START").endsWith("END").contains("[...]");
    assertThat(ctx.promptTokens()).isLessThanOrEqualTo(1200 - 200 - 16);
  }

  @Test
  void toMessages_sameSpeakerTurns_areJoined() {
    List<Turn> turns =
        List.of(
            new Turn("a", Turn.Speaker.CUSTOMER, "one", true, Instant.EPOCH),
            new Turn("b", Turn.Speaker.CUSTOMER, "two", true, Instant.EPOCH),
            new Turn("c", Turn.Speaker.AGENT, "three", true, Instant.EPOCH),
            new Turn("d", Turn.Speaker.ASSISTANT, "four", true, Instant.EPOCH));

    List<ChatMessage> messages = Transcript.toMessages(turns);

    assertThat(messages)
        .extracting(ChatMessage::role)
        .containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT);
    assertThat(messages.get(0).content()).isEqualTo("one\n\ntwo");
    assertThat(messages.get(1).content()).isEqualTo("three\n\nfour");
  }
}
