package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "run it" command, end to end: {@code scripts/demo --headless} on free ports until it
 * prints {@code ready}, a customer raises a ticket through the sandbox's servicedeskapi, the
 * assistant answers in the thread (a reply or an internal handoff note; the tiny checkpoint's text
 * is meaningless, so only the author counts), and SIGINT stops every process the script started.
 */
@Tag("slow")
class DemoScriptTest {
  private static final Path ROOT =
      Path.of(System.getProperty("jsmai.repo.root", "..")).toAbsolutePath().normalize();
  private static final Duration READY_WITHIN = Duration.ofMinutes(6);
  private static final Duration ANSWER_WITHIN = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path demoDir;
  private Process demo;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    if (demo != null) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  @Test
  void demo_headlessTicketThenSigint_answersAndStopsEveryProcess() throws Exception {
    assumeTrue(
        hasServeCommand(),
        "inference-node has no 'serve' command in this build (com.jsmai.node.cli.ServeCommand)");
    int[] ports = freePorts(4);
    ProcessBuilder pb = headlessDemo(ports);
    pb.environment().remove("QWEN_MODEL_DIR"); // the tiny checkpoint: fast and self-contained
    pb.environment().put("DEMO_READY_TIMEOUT", String.valueOf(READY_WITHIN.toSeconds()));
    pb.environment().put("DEMO_DIR", demoDir.toString()); // never touch a demo someone is running
    demo = pb.start();
    Thread reader = new Thread(this::pump, "demo-output");
    reader.setDaemon(true);
    reader.start();

    awaitLine("ready", READY_WITHIN.plusSeconds(30));
    String sandbox = "http://127.0.0.1:" + ports[0];
    List<ProcessHandle> started = demo.descendants().toList();
    assertThat(started).as("services started by the script").hasSizeGreaterThanOrEqualTo(4);

    JsonNode customer = account(sandbox, "customer");
    String botAccountId = account(sandbox, "app").get("accountId").asText();
    String key = raiseTicket(sandbox, customer);
    Optional<JsonNode> answer = awaitBotComment(sandbox, key, botAccountId);
    answer.ifPresent(c -> assertThat(c.get("body").asText()).isNotBlank());
    // The admin's audit trail is on in the demo (a per-run key), so the ticket's steps are kept.
    assertThat(demoDir.resolve("logs/plugin.log")).content().doesNotContain("audit log is off");
    assertThat(demoDir.resolve("data/jsmai-audit.db")).isNotEmptyFile();

    new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo exits after SIGINT").isTrue();
    reader.join(10_000); // the script's last lines may still be in the pipe when it has exited
    assertThat(demo.exitValue()).isEqualTo(130);
    assertThat(output).anyMatch(l -> l.contains("[demo] stopped"));
    for (ProcessHandle p : started) {
      assertThat(p.isAlive())
          .as("process %d (%s) after SIGINT", p.pid(), p.info().command())
          .isFalse();
    }
    for (int port : ports) {
      assertThat(listening(port)).as("port %d after SIGINT", port).isFalse();
    }
    // Everything but the answer was checked above; without the pipeline there is nothing to wait
    // for.
    assumeTrue(
        answer.isPresent(),
        "plugin serve still runs LoggingEventHandler (the reply pipeline is not wired into Main)");
  }

  @Test
  void demo_portBusy_failsBeforeBuildingAndNamesThePortAndItsVariable() throws Exception {
    int[] ports = freePorts(4);
    try (ServerSocket busy =
        new ServerSocket(ports[1], 1, java.net.InetAddress.getLoopbackAddress())) {
      Process p = headlessDemo(ports).start(); // ports[1], the plugin's, is busy
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(out)
          .contains("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use (PLUGIN_PORT)")
          .contains("--plugin-port")
          .doesNotContain("building");
    }
  }

  @Test
  void demo_samePortTwiceOrBadValue_usageErrorBeforeAnythingStarts() throws Exception {
    Process same =
        new ProcessBuilder(
                ROOT.resolve("scripts/demo").toString(),
                "--jsm-port",
                "9999",
                "--orders-port",
                "9999")
            .redirectErrorStream(true)
            .start();
    String sameOut = new String(same.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Process bad =
        new ProcessBuilder(ROOT.resolve("scripts/demo").toString(), "--inference-port", "70000")
            .redirectErrorStream(true)
            .start();
    String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(same.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(same.exitValue()).isEqualTo(2);
    assertThat(sameOut).contains("the four ports must differ");
    assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(badOut).contains("INFERENCE_PORT must be a port number (1-65535), got '70000'");
  }

  /**
   * {@code scripts/demo --headless} on {@code ports}: sandbox, plugin, inference node, order
   * service.
   */
  private static ProcessBuilder headlessDemo(int[] ports) {
    return new ProcessBuilder(
            ROOT.resolve("scripts/demo").toString(),
            "--headless",
            "--jsm-port",
            String.valueOf(ports[0]),
            "--plugin-port",
            String.valueOf(ports[1]),
            "--inference-port",
            String.valueOf(ports[2]),
            "--orders-port",
            String.valueOf(ports[3]))
        .directory(ROOT.toFile())
        .redirectErrorStream(true);
  }

  private void pump() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
        System.out.println("demo> " + line);
      }
    } catch (IOException e) {
      output.add("(output closed: " + e.getMessage() + ")");
    }
  }

  private void awaitLine(String expected, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (output.contains(expected)) {
        return;
      }
      if (!demo.isAlive()) {
        fail("scripts/demo exited with %d before '%s':%n%s", demo.exitValue(), expected, tail());
      }
      Thread.sleep(250);
    }
    fail("no '%s' from scripts/demo within %s:%n%s", expected, within, tail());
  }

  /** The first sandbox account of this type: "customer", or "app" (the bot, on Cloud). */
  private static JsonNode account(String sandbox, String accountType) throws Exception {
    for (JsonNode a : JSON.readTree(get(sandbox + "/_sandbox/accounts", null))) {
      if (a.get("accountType").asText().equals(accountType)) {
        return a;
      }
    }
    throw new AssertionError("the sandbox has no " + accountType + " account");
  }

  private String raiseTicket(String sandbox, JsonNode customer) throws Exception {
    String body =
        JSON.createObjectNode()
            .put("serviceDeskId", "1")
            .put("requestTypeId", "3")
            .set(
                "requestFieldValues",
                JSON.createObjectNode()
                    .put("summary", "How do I return a jacket?")
                    .put("description", "It does not fit. How can I send it back?"))
            .toString();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(sandbox + "/rest/servicedeskapi/request"))
                .header("Authorization", customer.get("authorization").asText())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).get("issueKey").asText();
  }

  /** The first comment by the bot, public reply or internal note, read as the Jira admin. */
  /**
   * The first comment by the bot, public reply or internal note, read as the Jira admin; empty when
   * the plugin runs its logging-only handler, which can never answer.
   */
  private Optional<JsonNode> awaitBotComment(String sandbox, String key, String botAccountId)
      throws Exception {
    String admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "admin@retail.example:admin-api-token".getBytes(StandardCharsets.UTF_8));
    Path pluginLog = demoDir.resolve("logs/plugin.log");
    Instant deadline = Instant.now().plus(ANSWER_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      JsonNode page = JSON.readTree(get(sandbox + "/rest/api/2/issue/" + key + "/comment", admin));
      for (JsonNode c : page.get("comments")) {
        if (c.path("author").path("accountId").asText().equals(botAccountId)) {
          return Optional.of(c);
        }
      }
      if (Files.readString(pluginLog).contains("LoggingEventHandler - event")) {
        return Optional.empty();
      }
      Thread.sleep(2000);
    }
    throw new AssertionError(
        "no reply or handoff note by the assistant on "
            + key
            + " within "
            + ANSWER_WITHIN
            + "\nplugin log:\n"
            + tailOf(pluginLog)
            + "\ninference node log:\n"
            + tailOf(demoDir.resolve("logs/inference-node.log")));
  }

  private static String get(String url, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return r.body();
  }

  private static boolean hasServeCommand() {
    try {
      Class.forName("com.jsmai.node.cli.ServeCommand");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tailOf(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no " + log + ")";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private String tail() {
    int from = Math.max(0, output.size() - 40);
    return String.join("\n", output.subList(from, output.size()));
  }
}
