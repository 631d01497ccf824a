package com.jsmai.plugin.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suggestion decisions the guard rails' metrics count (docs/safety.md). */
class FeedbackStoreDecisionTest {
  @TempDir Path dir;

  @Test
  void onDecision_insertedAsIsEditedAndThumbsDown_reportsEachOnce() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (FeedbackStore store = FeedbackStore.open(dir.resolve("f.db"), Clock.systemUTC())) {
      store.onDecision(seen::add);
      String same = store.suggested("SD-1", "1", "10", "agent", "{}", "Hello there");
      String changed = store.suggested("SD-2", "1", "10", "agent", "{}", "Hello there");
      String refused = store.suggested("SD-3", "1", "10", "agent", "{}", "Hello there");

      store.inserted(same, "Hello there", true);
      store.inserted(changed, "Hello, kind customer", false);
      store.rated(refused, -1, "wrong");
      store.rated(same, -1, "later regret"); // already inserted: not a rejection

      assertThat(seen).containsExactly("accepted", "edited", "rejected");
    }
  }
}
