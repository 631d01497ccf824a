package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.faq.FaqEntry;
import com.jsmai.plugin.ratelimit.RedisServerProcess;
import com.jsmai.plugin.reply.ModelAssistant;
import com.jsmai.plugin.reply.ReplyOrchestrator.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two plugin instances sharing a real {@code redis-server}: an FAQ answer approved on one answers
 * instantly on the other, and a customer's reply budget is shared. Skipped when redis-server is not
 * installed.
 */
class GuardRedisTest {
  @TempDir Path dir;

  @Test
  void twoInstances_shareInstantAnswersAndRateLimitsThroughRedis() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      String yaml =
          "faq:\n  fallbackBot: false\n  redisUrl: redis://127.0.0.1:"
              + redis.port()
              + "\nratelimit:\n  customerReplies: 2\n  overLimit: HANDOFF\n  redisUrl: redis://127.0.0.1:"
              + redis.port()
              + "\n";
      Path a = Files.createDirectory(dir.resolve("a"));
      Path b = Files.createDirectory(dir.resolve("b"));
      try (GuardHarness one = new GuardHarness(a, yaml);
          GuardHarness two = new GuardHarness(b, yaml, x -> x, ModelAssistant::new)) {
        one.guard.updateFaq(
            List.of(
                new FaqEntry(
                    "hours", List.of("When are you open?"), "Monday to Friday, 9:00 to 18:00.")));

        two.jira.createTicket("SD-50", GuardHarness.ANA, "When are you open?", "", Map.of());
        assertThat(two.orchestrator.process(two.created("SD-50", GuardHarness.ANA)))
            .isEqualTo(Outcome.PUBLIC_REPLY);
        assertThat(two.model.requests()).isEmpty();
        assertThat(two.guard.metrics().scrape())
            .contains("jsmai_faq_cache_lookups_total{layer=\"redis\",result=\"hit\"} 1");

        // Ana's second reply is on instance one, her third on instance two: over the shared limit.
        one.jira.createTicket("SD-51", GuardHarness.ANA, "Parcel", "Where is my parcel?", Map.of());
        assertThat(one.orchestrator.process(one.created("SD-51", GuardHarness.ANA)))
            .isEqualTo(Outcome.PUBLIC_REPLY);
        two.jira.createTicket(
            "SD-52", GuardHarness.ANA, "Invoice", "Please send my invoice.", Map.of());
        assertThat(two.orchestrator.process(two.created("SD-52", GuardHarness.ANA)))
            .isEqualTo(Outcome.HANDOFF);
      }
    }
  }
}
