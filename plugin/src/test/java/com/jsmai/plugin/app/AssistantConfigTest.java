package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.jira.Ticket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssistantConfigTest {
  private static Ticket ticket(String desk, String type) {
    return new Ticket(
        "SD-1", "1", "s", "d", null, desk, type, "t", "Open", Map.of(), Instant.now());
  }

  @Test
  void forcedToolFor_deskSpecificKeyWinsOverAnyDesk() {
    AssistantConfig c =
        new AssistantConfig(Map.of("1", "query_order_status", "2/1", "other_tool"), null, null);
    assertThat(c.forcedToolFor(ticket("1", "1"))).contains("query_order_status");
    assertThat(c.forcedToolFor(ticket("2", "1"))).contains("other_tool");
    assertThat(c.forcedToolFor(ticket("1", "3"))).isEmpty();
  }

  @Test
  void constructor_badKeyOrToolName_namesTheBadValue() {
    assertThatThrownBy(() -> new AssistantConfig(Map.of("orders", "x"), null, null))
        .hasMessageContaining("orders");
    assertThatThrownBy(() -> new AssistantConfig(Map.of("1", "bad name"), null, null))
        .hasMessageContaining("bad name");
    assertThatThrownBy(() -> new AssistantConfig(null, List.of("rm -rf"), null))
        .hasMessageContaining("rm -rf");
  }
}
