package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UiConfigTest {
  private static UiConfig of(
      String user, URI base, String oauthId, Secret oauthSecret, String forgeId, URI jwks) {
    return new UiConfig(
        null, null, null, null, user, null, base, null, null, oauthId, oauthSecret, null, forgeId,
        jwks);
  }

  @Test
  void constructor_nulls_enabledWithoutLocalAdminsInPanel() {
    UiConfig c = of(null, null, null, null, null, null);

    assertThat(c.enabled()).isTrue();
    assertThat(c.allowLocalAdmins()).isFalse();
  }

  @Test
  void constructor_badAdminUser_namesValue() {
    assertThatThrownBy(() -> of("bad user!", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ui.adminUser")
        .hasMessageContaining("bad user!");
  }

  @Test
  void constructor_oauthWithoutSecretOrBaseUrl_refused() {
    assertThatThrownBy(() -> of("admin", null, "client", Secret.of("s"), null, null))
        .hasMessageContaining("ui.publicBaseUrl");
    assertThatThrownBy(
            () -> of("admin", URI.create("https://ai.example.com"), "client", null, null, null))
        .hasMessageContaining("ui.jiraOAuthClientSecret");
  }

  @Test
  void constructor_forgeWithoutJwks_refused() {
    assertThatThrownBy(() -> of("admin", null, null, null, "app-id", null))
        .hasMessageContaining("ui.forgeJwksUrl");
  }

  @Test
  void constructor_nonHttpBaseUrl_namesValue() {
    assertThatThrownBy(() -> of("admin", URI.create("ftp://x"), null, null, null, null))
        .hasMessageContaining("ftp://x");
  }
}
