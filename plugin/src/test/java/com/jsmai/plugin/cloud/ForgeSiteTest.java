package com.jsmai.plugin.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ForgeSiteTest {
  static final String APP = "ari:cloud:ecosystem::app/a";
  static final String INSTALL = "ari:cloud:ecosystem::installation/i-1";

  static ForgeInvocation inv(String installation, String apiBase, String cloudId) {
    return new ForgeInvocation(APP, installation, apiBase, "acc-1", cloudId, "SD-1", "10001");
  }

  @Test
  void mismatch_sameSiteInstallationAndGateway_isNull() {
    ForgeSite site = new ForgeSite("cloud-1", INSTALL, null);

    assertThat(site.mismatch(inv(INSTALL, "https://api.atlassian.com/ex/jira/cloud-1/", "cloud-1")))
        .isNull();
    assertThat(site.apiBaseUrl())
        .isEqualTo(URI.create("https://api.atlassian.com/ex/jira/cloud-1"));
  }

  @Test
  void mismatch_otherSiteInstallationOrApiBase_named() {
    ForgeSite site = new ForgeSite("cloud-1", INSTALL, null);
    String gateway = "https://api.atlassian.com/ex/jira/cloud-1";

    assertThat(site.mismatch(inv(INSTALL, gateway, "cloud-2"))).contains("another site");
    assertThat(site.mismatch(inv("ari:cloud:ecosystem::installation/x", gateway, "cloud-1")))
        .contains("another installation");
    assertThat(site.mismatch(inv(INSTALL, "https://evil.example/ex/jira/cloud-1", "cloud-1")))
        .contains("API base URL");
    assertThat(site.mismatch(inv(INSTALL, null, "cloud-1"))).contains("API base URL");
  }

  @Test
  void mismatch_noInstallationConfigured_acceptsAnyInstallationOfTheSite() {
    ForgeSite site = new ForgeSite("cloud-1", " ", null);

    assertThat(site.installationId()).isNull();
    assertThat(
            site.mismatch(
                inv(
                    "ari:cloud:ecosystem::installation/other",
                    "https://api.atlassian.com/ex/jira/cloud-1",
                    "cloud-1")))
        .isNull();
  }

  @Test
  void constructor_badValues_namedInTheMessage() {
    assertThatThrownBy(() -> new ForgeSite("../x", null, null)).hasMessageContaining("../x");
    assertThatThrownBy(() -> new ForgeSite("c", "installation-1", null))
        .hasMessageContaining("installation-1");
    assertThatThrownBy(() -> new ForgeSite("c", null, URI.create("file:/etc/passwd")))
        .hasMessageContaining("file:/etc/passwd");
  }
}
