package com.jsmai.plugin.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.config.ModelEndpointConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.policy.ReplyMode;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialSettingsTest {
  @TempDir Path dir;

  @Test
  void document_fromConfigSections_opensAsVersionOneWithSecretsSealed() throws Exception {
    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    JiraConfig jira =
        new JiraConfig(
            JiraConfig.Flavor.DATACENTER,
            URI.create("http://127.0.0.1:8090"),
            null,
            null,
            Secret.of("dc-pat"),
            null,
            null,
            4,
            null);
    ModelEndpointConfig model =
        new ModelEndpointConfig(
            URI.create("http://127.0.0.1:8081/v1"), "qwen", Secret.of("sk-1"), null);
    var reply = new ObjectMapper().readTree("{\"defaults\":{\"mode\":\"auto\"}}");
    Path tool = Paths.get("src/main/resources/tools/query_order_status.yaml");

    var doc = InitialSettings.document(box, jira, model, reply, List.of(tool));
    try (SettingsStore store = SettingsStore.open(dir.resolve("s.db"), box, doc)) {
      Settings s = store.current();

      assertThat(doc.toString()).doesNotContain("dc-pat").doesNotContain("sk-1");
      assertThat(s.jira().orElseThrow().personalAccessToken().reveal()).isEqualTo("dc-pat");
      assertThat(s.models().get(0).baseUrl().toString()).isEqualTo("http://127.0.0.1:8081");
      assertThat(s.models().get(0).apiKey().reveal()).isEqualTo("sk-1");
      assertThat(s.reply().policies().resolve("1", "1").mode()).isEqualTo(ReplyMode.AUTO);
      assertThat(s.tools()).extracting(t -> t.name()).containsExactly("query_order_status");
    }
  }
}
