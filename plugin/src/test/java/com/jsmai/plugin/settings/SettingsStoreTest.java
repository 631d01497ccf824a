package com.jsmai.plugin.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.policy.ReplyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versioned store on a real SQLite file. */
class SettingsStoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
  SettingsStore store;

  @BeforeEach
  void open() {
    store = SettingsStore.open(dir.resolve("settings.db"), box, null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  ObjectNode doc() {
    return store.current().document().deepCopy();
  }

  @Test
  void open_newFile_startsAtVersionOneBySystem() {
    assertThat(store.current().version()).isEqualTo(1);
    assertThat(store.current().author()).isEqualTo("system");
    assertThat(store.current().reply().policies().resolve("1", "1").mode())
        .isEqualTo(ReplyMode.SUGGEST);
  }

  @Test
  void update_requestTypeToAuto_newVersionReadByReplyConfigReader() {
    ObjectNode d = doc();
    d.with("reply")
        .with("serviceDesks")
        .with("1")
        .with("requestTypes")
        .with("2")
        .put("mode", "auto");

    Settings s = store.update("alice", 1, d);

    assertThat(s.version()).isEqualTo(2);
    assertThat(s.reply().policies().resolve("1", "2").mode()).isEqualTo(ReplyMode.AUTO);
    assertThat(s.reply().policies().resolve("1", "1").mode()).isEqualTo(ReplyMode.SUGGEST);
    assertThat(store.history(10).get(0).summary())
        .isEqualTo("reply.serviceDesks.1.requestTypes.2.mode: (none) -> auto");
    assertThat(store.history(10).get(0).author()).isEqualTo("alice");
  }

  @Test
  void update_badMode_refusedWithReaderMessageAndNothingStored() {
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "sometimes");

    assertThatThrownBy(() -> store.update("alice", 1, d))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("reply.defaults.mode")
        .hasMessageContaining("sometimes");
    assertThat(store.current().version()).isEqualTo(1);
    assertThat(store.history(10)).hasSize(1);
  }

  @Test
  void update_badToolYaml_refusedNamingTheField() {
    ObjectNode d = doc();
    d.withArray("tools")
        .addObject()
        .put("name", "x")
        .put("yaml", "name: bad name!\ndescription: d\n");

    assertThatThrownBy(() -> store.update("alice", 1, d))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("tools[0]")
        .hasMessageContaining("name");
  }

  @Test
  void update_staleVersion_refusedNamingWhoChangedIt() {
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "suggest");
    store.update("bob", 1, d);
    ObjectNode mine = doc();
    mine.with("reply").with("defaults").put("delaySeconds", 30);

    assertThatThrownBy(() -> store.update("alice", 1, mine)).hasMessageContaining("changed by bob");
  }

  @Test
  void update_nothingChanged_refused() {
    assertThatThrownBy(() -> store.update("alice", 1, doc())).hasMessage("nothing changed");
  }

  @Test
  void rollback_oldVersion_isNewVersionWithOldDocument() {
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "auto");
    store.update("alice", 1, d);

    Settings back = store.rollback("bob", 1);

    assertThat(back.version()).isEqualTo(3);
    assertThat(back.reply().policies().resolve(null, null).mode()).isEqualTo(ReplyMode.SUGGEST);
    assertThat(store.history(10).get(0).summary()).startsWith("rollback to version 1");
    assertThat(store.history(10))
        .extracting(SettingsVersion::author)
        .containsExactly("bob", "alice", "system");
  }

  @Test
  void secrets_storedSealed_decryptedOnRead_neverInTheFileOrSummary() throws Exception {
    ObjectNode d = doc();
    d.putObject("jira")
        .put("baseUrl", "http://127.0.0.1:1")
        .put("flavor", "datacenter")
        .put("token", store.sealJiraToken("top-secret-pat"));
    d.withArray("models")
        .addObject()
        .put("name", "node")
        .put("baseUrl", "http://127.0.0.1:2")
        .put("model", "qwen")
        .put("apiKey", store.sealModelKey("node", "sk-very-secret"));

    Settings s = store.update("alice", 1, d);
    store.close();

    assertThat(s.jira().orElseThrow().personalAccessToken().reveal()).isEqualTo("top-secret-pat");
    assertThat(s.models().get(0).apiKey().reveal()).isEqualTo("sk-very-secret");
    assertThat(s.summary()).contains("jira.token: changed (secret)").doesNotContain("v1:");
    byte[] raw = Files.readAllBytes(dir.resolve("settings.db"));
    String file = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (Path p : List.of(dir.resolve("settings.db-wal"))) {
      if (Files.exists(p))
        file += new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    assertThat(file).doesNotContain("top-secret-pat").doesNotContain("sk-very-secret");
    store = SettingsStore.open(dir.resolve("settings.db"), box, null);
    assertThat(store.current().version()).isEqualTo(2);
    assertThat(store.current().models().get(0).apiKey().reveal()).isEqualTo("sk-very-secret");
  }

  @Test
  void open_withAnotherKey_failsInsteadOfUsingGarbage() {
    ObjectNode d = doc();
    d.putObject("jira")
        .put("baseUrl", "http://127.0.0.1:1")
        .put("flavor", "datacenter")
        .put("token", store.sealJiraToken("pat"));
    store.update("alice", 1, d);
    store.close();

    assertThatThrownBy(
            () ->
                SettingsStore.open(
                    dir.resolve("settings.db"), SecretBox.fromBase64(SecretBox.newKey()), null))
        .hasMessageContaining("jira.token")
        .hasMessageContaining("cannot be decrypted");
    store = SettingsStore.open(dir.resolve("settings.db"), box, null);
  }

  @Test
  void listener_calledWithEachNewVersion() {
    List<Integer> seen = new ArrayList<>();
    store.addListener(s -> seen.add(s.version()));
    ObjectNode d = doc();
    d.with("reply").with("defaults").put("mode", "auto");

    store.update("alice", 1, d);
    store.rollback("alice", 1);

    assertThat(seen).containsExactly(2, 3);
  }
}
