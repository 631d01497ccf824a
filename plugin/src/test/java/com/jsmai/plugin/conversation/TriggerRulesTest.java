package com.jsmai.plugin.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trigger table: who makes the assistant answer. */
class TriggerRulesTest {
  static final User ME = new User("acc-bot", "AI assistant", null, "atlassian");
  static final User CUSTOMER = new User("acc-ana", "Ana", "ana@example.com", "customer");
  static final User OTHER_CUSTOMER = new User("acc-carl", "Carl", null, "customer");
  static final User AGENT = new User("acc-bob", "Bob", null, "atlassian");
  static final User APP = new User("acc-app", "Automation", null, "app");
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  static Ticket ticket(User reporter) {
    return new Ticket("SD-1", "1", "s", "d", reporter, "1", "10", "Order", "Open", Map.of(), T0);
  }

  static Comment comment(String id, User author, boolean isPublic) {
    return new Comment(id, "text " + id, isPublic, author, T0.plusSeconds(Long.parseLong(id)));
  }

  static JiraEvent created() {
    return new JiraEvent("e", JiraEvent.Kind.ISSUE_CREATED, "SD-1", "1", null, null, null, 1, "{}");
  }

  static JiraEvent commented(String id) {
    return new JiraEvent("e", JiraEvent.Kind.COMMENT_CREATED, "SD-1", "1", id, null, null, 1, "{}");
  }

  record Row(
      String name,
      JiraEvent event,
      User reporter,
      List<Comment> thread,
      TicketState state,
      List<String> markedOwn,
      TriggerRules.Outcome expected,
      String reasonContains) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    TicketState fresh = TicketState.initial();
    TicketState recorded = fresh.withEffectDone("old", "5", true);
    TicketState paused = fresh.withPause(new TicketState.Pause("handoff: x", null, T0));
    TicketState off = fresh.withEnabled(false);
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "customer creates ticket",
            created(),
            CUSTOMER,
            List.of(),
            fresh,
            List.of(),
            TriggerRules.Outcome.REPLY,
            "new customer ticket"));
    rows.add(
        new Row(
            "agent creates ticket",
            created(),
            AGENT,
            List.of(),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "agent"));
    rows.add(
        new Row(
            "assistant creates ticket",
            created(),
            ME,
            List.of(),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "assistant itself"));
    rows.add(
        new Row(
            "ticket already has a customer comment",
            created(),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "newer customer comment"));
    rows.add(
        new Row(
            "customer public comment",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.REPLY,
            "public customer comment"));
    rows.add(
        new Row(
            "another customer (participant) comments",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", OTHER_CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.REPLY,
            "public customer comment"));
    rows.add(
        new Row(
            "customer comment that JSM reports internal",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, false)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "internal note"));
    rows.add(
        new Row(
            "own comment by author",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", ME, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "own comment (author)"));
    rows.add(
        new Row(
            "own comment by recorded id",
            commented("5"),
            CUSTOMER,
            List.of(comment("5", CUSTOMER, true)),
            recorded,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "recorded id"));
    rows.add(
        new Row(
            "own comment by property",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            fresh,
            List.of("1"),
            TriggerRules.Outcome.IGNORE,
            "property"));
    rows.add(
        new Row(
            "agent internal note",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", AGENT, false)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "internal note"));
    rows.add(
        new Row(
            "agent public reply pauses",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", AGENT, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.PAUSE,
            "agent replied"));
    rows.add(
        new Row(
            "app public comment pauses",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", APP, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.PAUSE,
            "agent replied"));
    rows.add(
        new Row(
            "comment deleted before processing",
            commented("9"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "not in the thread"));
    rows.add(
        new Row(
            "customer comment on paused ticket",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            paused,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "paused"));
    rows.add(
        new Row(
            "customer comment on switched-off ticket",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true)),
            off,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "switched off"));
    rows.add(
        new Row(
            "earlier agent reply found in thread pauses",
            commented("2"),
            CUSTOMER,
            List.of(comment("1", AGENT, true), comment("2", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.PAUSE,
            "agent replied publicly (comment 1)"));
    rows.add(
        new Row(
            "agent reply before resume does not pause",
            commented("2"),
            CUSTOMER,
            List.of(comment("1", AGENT, true), comment("2", CUSTOMER, true)),
            fresh.resumed(T0.plusSeconds(1)),
            List.of(),
            TriggerRules.Outcome.REPLY,
            "public customer"));
    rows.add(
        new Row(
            "earlier internal note does not pause",
            commented("2"),
            CUSTOMER,
            List.of(comment("1", AGENT, false), comment("2", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.REPLY,
            "public customer"));
    rows.add(
        new Row(
            "superseded by a newer customer comment",
            commented("1"),
            CUSTOMER,
            List.of(comment("1", CUSTOMER, true), comment("2", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.IGNORE,
            "newer customer comment"));
    rows.add(
        new Row(
            "own earlier reply does not pause",
            commented("2"),
            CUSTOMER,
            List.of(comment("1", ME, true), comment("2", CUSTOMER, true)),
            fresh,
            List.of(),
            TriggerRules.Outcome.REPLY,
            "public customer"));
    return rows.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decide_row_expectedOutcome(Row row) {
    TriggerRules.Decision d =
        new TriggerRules()
            .decide(
                row.event(),
                ticket(row.reporter()),
                row.thread(),
                ME,
                row.state(),
                c -> row.markedOwn().contains(c.id()));

    assertThat(d.outcome()).isEqualTo(row.expected());
    assertThat(d.reason()).contains(row.reasonContains());
  }
}
