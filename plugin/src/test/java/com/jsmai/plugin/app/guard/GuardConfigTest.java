package com.jsmai.plugin.app.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.config.ConfigException;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import com.jsmai.plugin.safety.InputGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five guard-rail sections: defaults, overrides, and errors that name the bad value. */
class GuardConfigTest {
  @TempDir Path dir;

  PluginConfig load(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "webhook:\n  secret: s\n" + yaml);
    return new ConfigLoader(ConfigSections.ALL, Map.of()).load(f);
  }

  @Test
  void load_sectionsLeftOut_bindSecureDefaults() throws Exception {
    PluginConfig c = load("");
    assertThat(c.get(SafetyConfig.class).inputAction()).isEqualTo(InputGuard.Action.ROUTE_TO_HUMAN);
    assertThat(c.get(FaqConfig.class).instantAnswers()).isTrue();
    assertThat(c.get(FaqConfig.class).threshold()).isEqualTo(0.90);
    assertThat(c.get(AuditConfig.class).enabled()).isFalse();
    assertThat(c.get(RateLimitConfig.class).customerReplies()).isEqualTo(10);
    assertThat(c.get(RateLimitConfig.class).overLimit()).isEqualTo(ReplyRateLimits.OverLimit.QUEUE);
    assertThat(c.get(MetricsConfig.class).path()).isEqualTo("/metrics");
  }

  @Test
  void load_overrides_areBound() throws Exception {
    PluginConfig c =
        load(
            "safety:\n  inputAction: BLOCK_AUTO_REPLY\n  allowedEmails: [help@acme.example]\n"
                + "ratelimit:\n  window: 10m\n  deskReplies: 5\n  overLimit: HANDOFF\n");
    assertThat(c.get(SafetyConfig.class).inputAction())
        .isEqualTo(InputGuard.Action.BLOCK_AUTO_REPLY);
    assertThat(c.get(SafetyConfig.class).allowedEmails()).containsExactly("help@acme.example");
    RateLimitConfig rl = c.get(RateLimitConfig.class);
    assertThat(rl.limits().deskReplies().capacity()).isEqualTo(5);
    assertThat(rl.limits().deskReplies().window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(rl.overLimit()).isEqualTo(ReplyRateLimits.OverLimit.HANDOFF);
  }

  @Test
  void load_auditEnabledWithoutKeys_failsNamingTheKey() {
    assertThatThrownBy(() -> load("audit:\n  enabled: true\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("audit.keys");
  }

  @Test
  void load_auditKeyOfWrongLength_failsAtLoad() {
    assertThatThrownBy(
            () -> load("audit:\n  enabled: true\n  keys:\n    k1: c2hvcnQ=\n  currentKey: k1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("audit");
  }

  @Test
  void load_badValues_failWithTheValue() {
    assertThatThrownBy(() -> load("ratelimit:\n  customerReplies: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("capacity < 1: 0");
    assertThatThrownBy(() -> load("faq:\n  threshold: 1.5\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> load("safety:\n  servedScripts: [fr]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fr");
    assertThatThrownBy(() -> load("metrics:\n  path: metrics\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.path");
  }

  @Test
  void toString_auditKeysAndRedisUrl_areRedacted() throws Exception {
    PluginConfig c =
        load(
            "audit:\n  enabled: true\n  file: "
                + dir.resolve("a.db")
                + "\n  keys:\n    k1: "
                + GuardHarness.AUDIT_KEY
                + "\n  currentKey: k1\nfaq:\n  redisUrl: redis://:hunter2@127.0.0.1:6379\n");
    assertThat(c.toString()).doesNotContain(GuardHarness.AUDIT_KEY).doesNotContain("hunter2");
  }
}
