package com.jsmai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional JSON snapshot keeps requests, comments, properties and webhooks across restarts. */
class SnapshotTest {
  @TempDir Path dir;

  @Test
  void restart_withSnapshot_keepsStateAndContinuesNumbering() {
    Path file = dir.resolve("state.json");
    SandboxConfig config = SandboxConfig.defaults().withDataDir(null).withSnapshotFile(file);
    String key;
    try (JsmSandbox first = JsmSandbox.start(config)) {
      key =
          first.raiseRequest(
              first.customers().get(0), "Where is my order?", "Persist me", "body", "#W1234567");
      first.addComment(key, first.agent(), "internal", false);
      first.registerWebhook("http://127.0.0.1:9/hook", List.of("comment_created"), "s");
    }

    try (JsmSandbox second = JsmSandbox.start(config)) {
      assertThat(second.ticket(key).summary()).isEqualTo("Persist me");
      assertThat(second.ticket(key).customFields()).containsEntry("customfield_10050", "#W1234567");
      assertThat(second.thread(key))
          .singleElement()
          .satisfies(c -> assertThat(c.isPublic()).isFalse());
      assertThat(second.customerView(key)).isEmpty();
      assertThat(
              second.raiseRequest(
                  second.customers().get(0), "General question", "Next", null, null))
          .isEqualTo("SD-2");
    }
    assertThat(file).exists();
  }

  @Test
  void start_withCorruptSnapshot_failsWithTheFileName() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{not json");

    assertThatThrownBy(() -> JsmSandbox.start(SandboxConfig.defaults().withSnapshotFile(file)))
        .hasMessageContaining("bad.json");
  }

  @Test
  void reset_clearsSnapshotToo() {
    Path file = dir.resolve("state.json");
    SandboxConfig config = SandboxConfig.defaults().withSnapshotFile(file);
    try (JsmSandbox first = JsmSandbox.start(config)) {
      first.raiseRequest(first.customers().get(0), "General question", "x", null, null);
      first.reset();
    }
    try (JsmSandbox second = JsmSandbox.start(config)) {
      assertThat(
              second.raiseRequest(second.customers().get(0), "General question", "y", null, null))
          .isEqualTo("SD-1");
      assertThat(second.issueProperty("SD-1", "nothing")).isEmpty();
    }
  }
}
