package com.jsmai.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.Secret;
import com.jsmai.plugin.inbox.SqliteInbox;
import com.jsmai.plugin.webhook.SignatureVerifier;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Main serve} as a real child process. */
class MainTest {
  @TempDir Path dir;

  private Process start(List<String> args, String... env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("JSMAI_"));
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    pb.redirectOutput(dir.resolve("out.log").toFile());
    return pb.start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("out.log"));
  }

  @Test
  void serve_unknownKey_exits2NamingKeyAndFile() throws Exception {
    Path config = dir.resolve("plugin.yaml");
    Files.writeString(config, "webhook:\n  secret: s\n  sekret: typo\n");

    Process p = start(List.of("serve", "--config", config.toString()));

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output()).contains("'webhook.sekret'").contains(config.toString());
  }

  @Test
  void serve_acceptsSignedWebhook_andTheRowOutlivesTheProcess() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path db = dir.resolve("inbox.db");
    Path config = dir.resolve("plugin.properties");
    Files.writeString(
        config,
        "server.port="
            + port
            + "\nwebhook.secret=${env:HOOK_SECRET}\ninbox.file="
            + db
            // serve assembles the whole assistant, which needs Jira credentials (nothing answers
            // on this port: the event stays in the inbox, which is what this test checks)
            + "\njira.baseUrl=http://127.0.0.1:9\njira.email=bot@example.com"
            + "\njira.apiToken=t0ken\nassistant.proposalsFile="
            + dir.resolve("proposals.db")
            + "\n");
    Process p =
        start(List.of("serve", "--config", config.toString()), "HOOK_SECRET", "main-test-secret");
    HttpClient http = HttpClient.newHttpClient();
    try {
      URI health = URI.create("http://127.0.0.1:" + port + "/health");
      boolean up = false;
      for (int i = 0; i < 900 && !up && p.isAlive(); i++) {
        try {
          up =
              http.send(
                          HttpRequest.newBuilder(health).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
      assertThat(up).as("service came up; log:\n%s", output()).isTrue();
      byte[] body =
          "{\"timestamp\":1,\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"id\":\"10001\",\"key\":\"SD-1\",\"fields\":{}}}"
              .getBytes(StandardCharsets.UTF_8);
      String sig = new SignatureVerifier(Secret.of("main-test-secret")).sign(body);

      var r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/jira"))
                  .header("X-Hub-Signature", sig)
                  .header("X-Atlassian-Webhook-Identifier", "main-1")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(202);
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(output()).doesNotContain("main-test-secret");
    // start-up noise an operator cannot act on: Javalin's "your version is N days old" line and
    // DJL's CUDA probe (the tokenizer under the FAQ embedder runs on the CPU only)
    assertThat(output())
        .contains("plugin listening on")
        .doesNotContain("You are running Javalin")
        .doesNotContain("CudaUtils");
    try (SqliteInbox inbox = SqliteInbox.open(db)) {
      assertThat(inbox.find("main-1")).isPresent();
    }
  }

  @Test
  void inboxRequeue_deadEvent_backToPending() throws Exception {
    Path db = dir.resolve("ops.db");
    Path config = dir.resolve("ops.properties");
    Files.writeString(config, "webhook.secret=s\ninbox.file=" + db + "\n");
    try (SqliteInbox inbox = SqliteInbox.open(db)) {
      com.jsmai.plugin.inbox.InboxOps.makeDead(inbox, "dead-1");
    }

    int listed = Main.inbox(new String[] {"dead", "--config", config.toString()});
    int requeued = Main.inbox(new String[] {"requeue", "dead-1", "--config", config.toString()});
    int unknown = Main.inbox(new String[] {"requeue", "no-such", "--config", config.toString()});

    assertThat(listed).isZero();
    assertThat(requeued).isZero();
    assertThat(unknown).isEqualTo(1);
    try (SqliteInbox inbox = SqliteInbox.open(db)) {
      assertThat(inbox.find("dead-1").orElseThrow().status())
          .isEqualTo(com.jsmai.plugin.inbox.InboxEntry.Status.PENDING);
    }
  }

  @Test
  void hashPassword_passwordOnStdin_printsHashThatVerifies() throws Exception {
    Process p = start(List.of("hash-password"));
    try (var in = p.getOutputStream()) {
      in.write("demo-password-1\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    String hash = output().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(hash).doesNotContain("demo-password-1");
    assertThat(
            new com.jsmai.plugin.web.PasswordHasher().verify("demo-password-1".toCharArray(), hash))
        .isTrue();
  }

  @Test
  void main_help_printsUsageAndExits0() throws Exception {
    Process p = start(List.of("--help"));

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(output()).contains(Main.USAGE).doesNotContain("unknown command");
  }

  @Test
  void main_unknownCommand_exits2WithUsage() throws Exception {
    Process p = start(List.of("bogus"));

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output()).contains("unknown command: bogus").contains(Main.USAGE);
  }

  @Test
  void hashPassword_tooShort_messageAndExit2WithoutStackTrace() throws Exception {
    Process p = start(List.of("hash-password"));
    try (var in = p.getOutputStream()) {
      in.write("short\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output()).contains("at least 8 characters").doesNotContain("Exception");
  }

  @Test
  void passwordHasherMain_tooShort_messageAndExit2WithoutStackTrace() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                com.jsmai.plugin.web.PasswordHasher.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    try (var in = p.getOutputStream()) {
      in.write("short\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output()).contains("at least 8 characters").doesNotContain("Exception");
  }

  @Test
  void serve_embeddedDemoAdmin_adminRedirectsToSignInAndOneTimePasswordSignsIn() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("plugin.properties");
    Files.writeString(
        config,
        "server.port="
            + port
            + "\nwebhook.secret=s3cret\ninbox.file="
            + dir.resolve("inbox.db")
            + "\njira.baseUrl=http://127.0.0.1:9\njira.email=bot@example.com"
            + "\njira.apiToken=t0ken\nassistant.proposalsFile="
            + dir.resolve("proposals.db")
            + "\n");
    Process p = start(List.of("serve", "--config", config.toString()));
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String base = "http://127.0.0.1:" + port;
    try {
      boolean up = false;
      for (int i = 0; i < 900 && !up && p.isAlive(); i++) {
        try {
          up =
              http.send(
                          HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
      assertThat(up).as("service came up; log:\n%s", output()).isTrue();
      var m =
          java.util.regex.Pattern.compile("one-time admin password for 'admin'[^:]*: (\\S+)")
              .matcher(output());
      assertThat(m.find()).as("log:\n%s", output()).isTrue();
      String password = m.group(1);

      var admin =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin")).build(),
              HttpResponse.BodyHandlers.ofString());
      var policy =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/policy")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(302);
      assertThat(policy.statusCode()).isEqualTo(302);
      assertThat(policy.headers().firstValue("Location").orElse("")).contains("/admin/login");

      var form =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/login")).build(),
              HttpResponse.BodyHandlers.ofString());
      String csrf =
          form.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("jsmai_login_csrf="))
              .map(c -> c.split(";", 2)[0])
              .findFirst()
              .orElseThrow();
      var signIn =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", csrf)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "_csrf="
                              + java.net.URLEncoder.encode(
                                  csrf.substring(csrf.indexOf('=') + 1), StandardCharsets.UTF_8)
                              + "&user=admin&password="
                              + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(302);
      String session =
          signIn.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("jsmai_session="))
              .map(c -> c.split(";", 2)[0])
              .findFirst()
              .orElseThrow();
      var signedIn =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/policy"))
                  .header("Cookie", session)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signedIn.statusCode()).isEqualTo(200);
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    // the settings key was generated next to the settings file, owner-only
    assertThat(dir.resolve("jsmai-settings.db.key")).exists();
  }
}
