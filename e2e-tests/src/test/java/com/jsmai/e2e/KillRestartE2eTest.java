package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.Main;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.state.IssueComment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a real child process ({@code Main serve --config FILE}), killed with SIGKILL while
 * it waits for the model, then restarted on the same inbox file: the event is picked up again after
 * its lease runs out and the ticket gets exactly one reply.
 */
@Tag("slow")
class KillRestartE2eTest {
  @TempDir Path dir;
  private ScriptedModelServer model;
  private E2eWorld world;
  private Process process;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    if (world != null) world.close();
    if (model != null) model.close();
  }

  @Test
  void killedWhileWaitingForTheModel_restarted_exactlyOneReply() throws Exception {
    model = new ScriptedModelServer();
    world = E2eWorld.start(model.baseUrl());
    int port = E2eWorld.freePort();
    Path config = world.writeConfig(dir, port, null);
    process = startPlugin(config, dir.resolve("run1.log"));
    awaitHealthy(port);
    world.connectWebhooks(port);
    SandboxAccount ana = world.jira.customers().get(0);

    model.delay(Duration.ofSeconds(4)); // the first process is mid-reply when it dies
    String key =
        world.jira.raiseRequest(ana, "General question", "Returns", "Can I return shoes?", null);
    assertThat(model.awaitCompletions(1, Duration.ofSeconds(60)))
        .as("the plugin asked the model")
        .isTrue();
    process.destroyForcibly();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(world.botComments(key)).as("nothing posted before the kill").isEmpty();

    model.delay(Duration.ZERO);
    process = startPlugin(config, dir.resolve("run2.log"));
    awaitHealthy(port);
    List<IssueComment> replies =
        world.awaitBotComments(key, 1, IssueComment::isPublic, Duration.ofSeconds(60));
    assertThat(replies)
        .as("log:\n%s", java.nio.file.Files.readString(dir.resolve("run2.log")))
        .hasSize(1);
    Thread.sleep(2000); // a second reply would come now, if any
    assertThat(world.botComments(key)).hasSize(1);
  }

  private Process startPlugin(Path config, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("JSMAI_"));
    pb.environment().put("ORDERS_API_KEY", E2eWorld.ORDERS_KEY);
    return pb.start();
  }

  private void awaitHealthy(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    for (int i = 0; i < 1200 && process.isAlive(); i++) {
      try {
        if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("plugin did not come up on port " + port);
  }
}
