package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.tools.ProposedAction;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteProposedActionStoreTest {
  @TempDir Path dir;

  private static ProposedAction action(String id, String key) throws Exception {
    return new ProposedAction(
        id,
        key,
        "call_1",
        "set_priority",
        new ObjectMapper().readTree("{\"priority\":\"High\"}"),
        Instant.ofEpochMilli(1000));
  }

  @Test
  void propose_thenPending_listedWithArgumentsAfterReopen() throws Exception {
    Path file = dir.resolve("p.db");
    try (SqliteProposedActionStore store = SqliteProposedActionStore.open(file)) {
      store.propose(action("a1", "SD-1"));
      store.propose(action("a2", "SD-2"));
    }
    try (SqliteProposedActionStore store = SqliteProposedActionStore.open(file)) {
      var pending = store.pending("SD-1");
      assertThat(pending).hasSize(1);
      assertThat(pending.get(0).action().arguments().get("priority").asText()).isEqualTo("High");
      assertThat(pending.get(0).status()).isEqualTo(ProposedActionStore.Status.PENDING);
    }
  }

  @Test
  void decide_pendingOnce_secondDecisionRefused() throws Exception {
    try (SqliteProposedActionStore store = SqliteProposedActionStore.open(dir.resolve("p.db"))) {
      store.propose(action("a1", "SD-1"));
      assertThat(store.decide("a1", ProposedActionStore.Status.APPROVED, "agent-1")).isTrue();
      assertThat(store.decide("a1", ProposedActionStore.Status.REJECTED, "agent-2")).isFalse();
      assertThat(store.pending("SD-1")).isEmpty();
      assertThat(store.find("a1").orElseThrow().decidedBy()).isEqualTo("agent-1");
      assertThatThrownBy(() -> store.decide("a1", ProposedActionStore.Status.PENDING, "x"))
          .hasMessageContaining("APPROVED or REJECTED");
    }
  }
}
