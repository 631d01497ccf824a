package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.config.PluginConfig;
import com.jsmai.plugin.settings.InitialSettings;
import com.jsmai.plugin.settings.ModelEndpoint;
import com.jsmai.plugin.settings.SecretBox;
import com.jsmai.plugin.settings.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The precedence between the config file and the saved settings at start-up: admin edits win,
 * unless {@code ui.connectionsFromFile} writes the file's values back as a new version.
 */
class UiWiringConnectionsTest {
  @TempDir Path dir;

  PluginConfig config(String jiraUrl, String modelUrl) throws Exception {
    String yaml =
        """
        webhook: { secret: s }
        jira: { flavor: cloud, baseUrl: %s, email: bot@example.com, apiToken: tok }
        model: { baseUrl: %s, model: qwen }
        """
            .formatted(jiraUrl, modelUrl);
    Path file = Files.writeString(dir.resolve("c-" + System.nanoTime() + ".yaml"), yaml);
    return new ConfigLoader(ConfigSections.ALL, Map.of()).load(file);
  }

  @Test
  void applyFileConnections_adminSwitchedModel_keptUnlessFileWins() throws Exception {
    PluginConfig config = config("http://jira.example", "http://node.example:8080/v1");
    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    try (SettingsStore store =
        SettingsStore.open(
            dir.resolve("s.db"),
            box,
            InitialSettings.document(box, config.jira(), config.model(), null, List.of()))) {
      ObjectNode d = store.current().document().deepCopy();
      d.withArray("models")
          .insertObject(0)
          .put("name", "vllm")
          .put("baseUrl", "http://vllm.example:8000")
          .put("model", "m");
      store.update("admin", 1, d);

      UiWiring.applyFileConnections(store, config, false);
      assertThat(store.current().version()).as("admin edits win by default").isEqualTo(2);
      assertThat(store.current().models().get(0).name()).isEqualTo("vllm");

      // The operator moved Jira and asks for the file's values back.
      PluginConfig moved = config("http://jira-new.example", "http://node.example:8080/v1");
      UiWiring.applyFileConnections(store, moved, true);

      assertThat(store.current().version()).isEqualTo(3);
      assertThat(store.current().author()).isEqualTo("config-file");
      assertThat(store.current().jira().orElseThrow().baseUrl())
          .hasToString("http://jira-new.example");
      assertThat(store.current().models())
          .extracting(ModelEndpoint::name)
          .containsExactly("node", "vllm");

      UiWiring.applyFileConnections(store, moved, true);
      assertThat(store.current().version()).as("nothing to apply: no new version").isEqualTo(3);
    }
  }
}
