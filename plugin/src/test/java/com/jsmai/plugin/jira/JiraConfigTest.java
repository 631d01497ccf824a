package com.jsmai.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraConfig.Flavor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JiraConfigTest {

  private static JiraConfig config(Flavor flavor, String email, Secret token, Secret pat) {
    return new JiraConfig(
        flavor,
        URI.create("https://example.atlassian.net"),
        email,
        token,
        pat,
        null,
        null,
        0,
        null);
  }

  @Test
  void authorization_cloud_basicEmailAndTokenInUtf8() {
    String header = config(Flavor.CLOUD, "zoë@example.com", Secret.of("tok"), null).authorization();

    assertThat(header).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("zoë@example.com:tok");
  }

  @Test
  void authorization_dataCenter_bearerPersonalAccessToken() {
    assertThat(config(Flavor.DATACENTER, null, null, Secret.of("pat-1")).authorization())
        .isEqualTo("Bearer pat-1");
  }

  @Test
  void authorization_noCredentials_refusedNamingTheFlavor() {
    assertThatThrownBy(() -> config(Flavor.DATACENTER, null, null, null).authorization())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DATACENTER");
  }
}
