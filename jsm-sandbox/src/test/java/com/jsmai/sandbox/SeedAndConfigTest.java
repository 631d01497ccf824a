package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seeding from the shared data set or the generated fallback, and configuration checks. */
class SeedAndConfigTest {
  @Test
  void generatedCustomers_areStableAndShapedLikeUsersJson() {
    try (JsmSandbox jira = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null))) {
      SandboxAccount first = jira.customers().get(0);

      // Pinned: order-service generates the very same people; change both or neither.
      assertThat(first.username()).isEqualTo("ana_silva_1000");
      assertThat(first.email()).isEqualTo("ana.silva1000@example.com");
      assertThat(first.displayName()).isEqualTo("Ana Silva");
      assertThat(jira.customers()).hasSize(20);
      assertThat(jira.customers().get(1).email()).isEqualTo("ben.schmidt8919@example.com");
    }
  }

  @Test
  void sharedDataset_seedsAllUsersWithTheirEmails() {
    Path data = SandboxConfig.findSharedDataDir();
    assumeTrue(
        data != null, "../shared/datasets/retail-orders is absent: dataset seeding not tested");
    try (JsmSandbox jira = JsmSandbox.start(SandboxConfig.defaults().withDataDir(data))) {
      assertThat(jira.customers()).hasSize(500);
      SandboxAccount noah = jira.account("noah_brown_6181");
      assertThat(noah.email()).isEqualTo("noah.brown7922@example.com");
      assertThat(noah.displayName()).isEqualTo("Noah Brown");
      assertThat(jira.account("noah.brown7922@example.com").accountId())
          .isEqualTo(noah.accountId());
    }
  }

  @Test
  void accounts_botIsAppOnCloudAndUserOnDc() {
    try (JsmSandbox cloud = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null));
        JsmSandbox dc =
            JsmSandbox.start(SandboxConfig.defaults().withDataDir(null).withFlavor(Flavor.DC))) {
      assertThat(cloud.bot().accountType()).isEqualTo("app");
      assertThat(dc.bot().accountType()).isEqualTo("atlassian");
      assertThat(dc.bot().authorization()).isEqualTo("Bearer ai-assistant-pat");
      assertThat(cloud.admin().admin()).isTrue();
      assertThat(cloud.agent().admin()).isFalse();
    }
  }

  @Test
  void config_badValues_areRejectedNamingTheValue() {
    SandboxConfig d = SandboxConfig.defaults();

    assertThatThrownBy(() -> d.withPort(70000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> d.withWebhookRetries(99, Duration.ZERO)).hasMessageContaining("99");
    assertThatThrownBy(() -> d.withDataDir(Path.of("/no/such/dir")))
        .hasMessageContaining("/no/such/dir");
    assertThatThrownBy(() -> Flavor.parse("jira")).hasMessageContaining("'jira'");
  }

  @Test
  void main_parse_readsFlagsAndRejectsUnknown() {
    SandboxConfig c =
        SandboxMain.parse(
            new String[] {"--port", "8190", "--flavor", "dc", "--webhook-retries", "3"});

    assertThat(c.port()).isEqualTo(8190);
    assertThat(c.flavor()).isEqualTo(Flavor.DC);
    assertThat(c.effectiveWebhookRetries()).isEqualTo(3);
    assertThat(SandboxMain.parse(new String[0]).port()).isEqualTo(8180);
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port", "x"}))
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"}))
        .hasMessageContaining("--port");
  }
}
