package com.jsmai.plugin.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.config.ModelEndpointConfig;
import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.JiraClients;
import com.jsmai.plugin.jira.JiraConfig;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ModelUnavailableException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LiveJiraClient} and {@link LiveChatModel} over a real settings file: which connection and
 * endpoint each settings version selects, the precedence over the config file, and that a client is
 * rebuilt only when its connection changes. The clients are real (no request is sent).
 */
class LiveBoundariesTest {
  @TempDir Path dir;
  final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
  final JiraConfig file =
      new JiraConfig(
          JiraConfig.Flavor.CLOUD,
          URI.create("http://jira-a.example"),
          "bot@example.com",
          Secret.of("token-a"),
          null,
          Duration.ofSeconds(3),
          Duration.ofSeconds(7),
          1,
          Duration.ofSeconds(9));
  final ModelEndpointConfig fileModel =
      new ModelEndpointConfig(URI.create("http://node.example:8080/v1"), "qwen", null, null);
  final List<JiraConfig> built = new ArrayList<>();
  SettingsStore store;
  LiveJiraClient jira;

  @BeforeEach
  void open() {
    store =
        SettingsStore.open(
            dir.resolve("s.db"),
            box,
            InitialSettings.document(box, file, fileModel, null, List.of()));
    jira =
        new LiveJiraClient(
            store,
            file,
            c -> {
              built.add(c);
              return JiraClients.create(c);
            });
  }

  @AfterEach
  void close() {
    store.close();
  }

  ObjectNode doc() {
    return store.current().document().deepCopy();
  }

  void saveJira(String url, String token) {
    ObjectNode d = doc();
    ObjectNode j = d.putObject("jira").put("baseUrl", url).put("flavor", "cloud");
    j.put("email", "bot@example.com");
    if (token != null) j.put("token", store.sealJiraToken(token));
    store.update("admin", store.current().version(), d);
  }

  @Test
  void jiraConfig_savedConnection_winsWithTheFilesTimeoutsAndRetries() {
    saveJira("http://jira-b.example", "token-b");

    JiraConfig c = jira.config();

    assertThat(c.baseUrl()).hasToString("http://jira-b.example");
    assertThat(c.apiToken().reveal()).isEqualTo("token-b");
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.maxRetries()).isEqualTo(1);
  }

  @Test
  void jiraConfig_savedConnectionWithoutToken_fallsBackToFile() {
    saveJira("http://jira-b.example", null);

    assertThat(jira.config()).isEqualTo(file);
  }

  @Test
  void jiraConfig_noSavedAndNoFile_namesTheAdminScreen() {
    ObjectNode d = doc();
    d.remove("jira");
    store.update("admin", store.current().version(), d);
    LiveJiraClient none = new LiveJiraClient(store, null);

    assertThatThrownBy(none::config).hasMessageContaining("Jira connection");
  }

  @Test
  void current_unchangedConnection_sameClient_changeAndRollback_rebuild() {
    JiraClient first = jira.current();
    Settings v1 = store.current();
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "auto");
    store.update("admin", v1.version(), d);

    assertThat(jira.current()).as("a reply edit keeps the client").isSameAs(first);

    saveJira("http://jira-b.example", "token-b");
    JiraClient second = jira.current();
    assertThat(second).isNotSameAs(first);
    assertThat(jira.clientFor(v1)).as("the old version's client is still usable").isNotNull();

    store.rollback("admin", v1.version());
    assertThat(jira.config().baseUrl()).hasToString("http://jira-a.example");
    assertThat(built).extracting(c -> c.baseUrl().toString()).contains("http://jira-b.example");
  }

  @Test
  void liveChatModel_activeEndpoint_followsSettingsAndRollback() {
    LiveChatModel model = new LiveChatModel(store, null);
    assertThat(model.endpoint().name()).isEqualTo("node");
    ChatModel nodeClient = model.modelFor(store.current());
    int v1 = store.current().version();

    ObjectNode d = doc();
    d.withArray("models")
        .insertObject(0)
        .put("name", "vllm")
        .put("baseUrl", "http://vllm.example:8000")
        .put("model", "Qwen/Qwen3-0.6B");
    store.update("admin", v1, d);

    assertThat(model.endpoint().name()).isEqualTo("vllm");
    assertThat(model.modelFor(store.current())).isNotSameAs(nodeClient);
    store.rollback("admin", v1);
    assertThat(model.endpoint().name()).isEqualTo("node");
  }

  @Test
  void liveChatModel_noSavedEndpoint_usesFileFallbackOrNamesTheScreen() {
    ObjectNode d = doc();
    d.putArray("models");
    store.update("admin", store.current().version(), d);
    ModelEndpoint fallback =
        new ModelEndpoint("node", URI.create("http://file.example"), "qwen", null);

    assertThat(new LiveChatModel(store, null, LiveChatModel::create, fallback).endpoint())
        .isEqualTo(fallback);
    assertThatThrownBy(() -> new LiveChatModel(store, null).endpoint())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("admin: Models");
  }

  @Test
  void validator_refuses_versionNotStoredAndListenersNotCalled() {
    List<Settings> seen = new ArrayList<>();
    store.addListener(seen::add);
    store.addValidator(
        s -> {
          if (s.reply().policies().resolve("1", "1").mode().name().equals("AUTO")) {
            throw new SettingsException("auto is not allowed here");
          }
        });
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "auto");

    assertThatThrownBy(() -> store.update("admin", 1, d)).hasMessage("auto is not allowed here");
    assertThat(store.current().version()).isEqualTo(1);
    assertThat(store.history(10)).hasSize(1);
    assertThat(seen).isEmpty();
  }

  @Test
  void withFileConnections_adminChangedBoth_fileValuesBackAndOtherEndpointsKept() {
    ObjectNode d = doc();
    d.putObject("jira")
        .put("baseUrl", "http://jira-b.example")
        .put("flavor", "cloud")
        .put("email", "other@example.com")
        .put("token", store.sealJiraToken("token-b"));
    d.withArray("models")
        .insertObject(0)
        .put("name", "vllm")
        .put("baseUrl", "http://vllm.example:8000")
        .put("model", "m");
    Settings changed = store.update("admin", 1, d);
    assertThat(InitialSettings.fileConnectionsDiffer(changed, file, fileModel)).isTrue();

    Settings back =
        store.update(
            "config-file",
            changed.version(),
            InitialSettings.withFileConnections(changed.document(), box, file, fileModel));

    assertThat(back.jira().orElseThrow().baseUrl()).hasToString("http://jira-a.example");
    assertThat(back.jira().orElseThrow().apiToken().reveal()).isEqualTo("token-a");
    assertThat(back.models()).extracting(ModelEndpoint::name).containsExactly("node", "vllm");
    assertThat(InitialSettings.fileConnectionsDiffer(back, file, fileModel)).isFalse();
  }
}
