package com.jsmai.plugin.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.testing.FakeJira;
import com.jsmai.plugin.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketStateStoreTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  final FakeJira jira = new FakeJira(clock);
  final TicketStateStore store = new TicketStateStore(jira);

  @BeforeEach
  void ticket() {
    jira.createTicket("SD-1", new User("a", "Ana", null, "customer"), "s", "d", Map.of());
  }

  @Test
  void load_absent_initialState() {
    TicketState s = store.load("SD-1");

    assertThat(s.version()).isEqualTo(TicketState.CURRENT_VERSION);
    assertThat(s.enabled()).isTrue();
    assertThat(s.isPaused()).isFalse();
  }

  @Test
  void saveThenLoad_roundTripsEveryField() {
    TicketState s =
        TicketState.initial()
            .withFacts(List.of(new Fact("order number", "#W2378156", "description", false)))
            .withSummary(new TicketState.Summary("sum", "c3", 4))
            .withPending(new TicketState.PendingEffect("e1", "reply", clock.instant()))
            .withScheduled(
                new TicketState.ScheduledReply("e2", clock.instant(), "COMMENT_CREATED", "9", 1L))
            .withEffectDone("e0", "101", true)
            .withPause(new TicketState.Pause("why", "7", clock.instant()));

    store.save("SD-1", s);

    assertThat(store.load("SD-1")).isEqualTo(s);
  }

  @Test
  void withEffectDone_manyEvents_idListsStayBounded() {
    TicketState s = TicketState.initial();
    for (int i = 0; i < 500; i++) s = s.withEffectDone("event-" + i, "comment-" + i, true);

    store.save("SD-1", s);

    TicketState loaded = store.load("SD-1");
    assertThat(loaded.handledEventIds()).hasSize(TicketState.MAX_EVENT_IDS).contains("event-499");
    assertThat(loaded.ownCommentIds()).hasSize(TicketState.MAX_OWN_IDS).contains("comment-499");
    assertThat(loaded.autoReplies()).isEqualTo(500);
  }

  @Test
  void save_hugeSummary_shrunkUnderJiraLimit() {
    TicketState s =
        TicketState.initial().withSummary(new TicketState.Summary("x".repeat(40_000), "c", 1));

    store.save("SD-1", s);

    assertThat(store.load("SD-1").summary().text()).hasSize(2000);
  }

  @Test
  void save_hugeSummaryAndManyFacts_bothCutAndSummaryStaysShort() {
    List<Fact> facts = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      facts.add(new Fact("order number", "#W" + i + "x".repeat(100), "comment " + i, false));
    }
    TicketState s =
        TicketState.initial()
            .withFacts(facts)
            .withSummary(new TicketState.Summary("x".repeat(40_000), "c", 1));

    store.save("SD-1", s);

    TicketState loaded = store.load("SD-1");
    assertThat(loaded.summary().text()).hasSize(2000);
    assertThat(loaded.facts()).hasSize(10);
  }

  @Test
  void load_newerVersion_refused() throws Exception {
    jira.setIssueProperty(
        "SD-1",
        TicketStateStore.PROPERTY_KEY,
        new ObjectMapper().readTree("{\"version\": 99, \"enabled\": true}"));

    assertThatThrownBy(() -> store.load("SD-1"))
        .isInstanceOf(TicketStateStore.UnsupportedStateException.class)
        .hasMessageContaining("99");
  }
}
