package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/register-webhooks} against the JSM sandbox's {@code /rest/webhooks/1.0/webhook}:
 * the registration carries {@code ${issue.key}}, deliveries are signed with the secret from the
 * file, a second run updates instead of duplicating, and bad credentials or a missing secret fail
 * clearly.
 */
class RegisterWebhooksScriptTest {
  private static final Path ROOT =
      Path.of(System.getProperty("jsmai.repo.root", "..")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private JsmSandbox jira;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  record Received(String query, String signature, byte[] body) {}

  record Run(int exit, String output) {}

  @BeforeEach
  void start() throws IOException {
    jira = JsmSandbox.start(SandboxConfig.defaults().withFlavor(Flavor.DC));
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/webhooks/jira",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getRawQuery(),
                  exchange.getRequestHeaders().getFirst("X-Hub-Signature"),
                  exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    jira.close();
  }

  @Test
  void register_dataCenterTwice_oneSignedWebhookWithIssueKeyVariable() throws Exception {
    Path secretFile = tmp.resolve("secret");
    String secret = "0123456789abcdef0123456789abcdef";
    Files.writeString(secretFile, secret + "\n");

    Run first = register(Map.of("JIRA_PAT", "admin-pat"), "--secret-file", secretFile.toString());
    Run second = register(Map.of("JIRA_PAT", "admin-pat"), "--secret-file", secretFile.toString());

    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("registered 'AI assistant'");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).contains("updated 'AI assistant'");
    assertThat(first.output() + second.output()).doesNotContain(secret);
    JsonNode hooks = JSON.readTree(get("/rest/webhooks/1.0/webhook", jira.admin()));
    assertThat(hooks).hasSize(1);
    assertThat(hooks.get(0).get("url").asText())
        .isEqualTo(receiverUrl() + "?issueKey=${issue.key}&issueId=${issue.id}");
    assertThat(hooks.get(0).get("filters").get("issue-related-events-section").asText())
        .isEqualTo("project = SD");

    SandboxAccount customer = jira.customers().get(0);
    String key = jira.raiseRequest(customer, "Where is my order?", "Where is it?", "Late", null);
    assertThat(jira.awaitDeliveries(Duration.ofSeconds(10))).isTrue();

    assertThat(received).hasSize(1);
    Received delivery = received.get(0);
    assertThat(delivery.query()).contains("issueKey=" + key);
    assertThat(delivery.signature()).isEqualTo("sha256=" + hmac(secret, delivery.body()));
  }

  @Test
  void register_cloudWithGeneratedSecret_writesPrivateSecretFileAndSigns() throws Exception {
    jira.close();
    jira = JsmSandbox.start(SandboxConfig.defaults());
    Path secretFile = tmp.resolve("generated-secret");

    Run run =
        register(
            Map.of("JIRA_USER", "admin@retail.example", "JIRA_API_TOKEN", "admin-api-token"),
            "--write-secret",
            secretFile.toString());

    assertThat(run.exit()).as(run.output()).isZero();
    String secret = Files.readString(secretFile).strip();
    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(Files.getPosixFilePermissions(secretFile))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(run.output()).doesNotContain(secret);
    jira.raiseRequest(jira.customers().get(0), "General question", "Hello", "Hi", null);
    assertThat(jira.awaitDeliveries(Duration.ofSeconds(10))).isTrue();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).signature())
        .isEqualTo("sha256=" + hmac(secret, received.get(0).body()));
  }

  @Test
  void register_nonAdminCredentials_failsWithJiraStatusAndRegistersNothing() throws Exception {
    Path secretFile = tmp.resolve("secret");
    Files.writeString(secretFile, "0123456789abcdef0123456789abcdef");

    Run run = register(Map.of("JIRA_PAT", "agent-pat"), "--secret-file", secretFile.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("HTTP 403");
    assertThat(JSON.readTree(get("/rest/webhooks/1.0/webhook", jira.admin()))).isEmpty();
  }

  @Test
  void register_noSecretOrShortSecret_usageErrorNamingTheFix() throws Exception {
    Run none = register(Map.of("JIRA_PAT", "admin-pat"));
    Path shortSecret = tmp.resolve("short");
    Files.writeString(shortSecret, "abc");
    Run tooShort =
        register(Map.of("JIRA_PAT", "admin-pat"), "--secret-file", shortSecret.toString());

    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.output()).contains("no secret").contains("--secret-file");
    assertThat(tooShort.exit()).isEqualTo(2);
    assertThat(tooShort.output()).contains("shorter than 16 characters");
    assertThat(JSON.readTree(get("/rest/webhooks/1.0/webhook", jira.admin()))).isEmpty();
  }

  private String receiverUrl() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/jira";
  }

  private Run register(Map<String, String> env, String... extra) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ROOT.resolve("scripts/register-webhooks").toString(),
                "--jira",
                jira.baseUrl(),
                "--target",
                receiverUrl()));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("JIRA_") || k.equals("JSMAI_WEBHOOK_SECRET"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("script finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  private String get(String path, SandboxAccount who) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(jira.baseUrl() + path))
                    .header("Authorization", who.authorization())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
