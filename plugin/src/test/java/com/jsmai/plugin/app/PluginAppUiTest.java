package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.ConfigLoader;
import com.jsmai.plugin.config.ConfigSections;
import com.jsmai.plugin.web.PasswordHasher;
import com.jsmai.plugin.web.ScriptedModelServer;
import com.jsmai.sandbox.JsmSandbox;
import com.jsmai.sandbox.SandboxAccount;
import com.jsmai.sandbox.SandboxConfig;
import com.jsmai.sandbox.state.IssueComment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled service from a config file serves the admin screens and the agent panel with live
 * settings: sign-in, a panel without credentials, and an admin change reaching the pipeline.
 */
class PluginAppUiTest {
  private static final String PASSWORD = "demo admin password";
  private static final String SECRET = "ui-wiring-webhook-secret";
  private static final Duration WAIT = Duration.ofSeconds(30);

  static JsmSandbox jira;
  static ScriptedModelServer model;
  static PluginApp app;
  static HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    jira = JsmSandbox.start(SandboxConfig.defaults().withDataDir(null));
    model = new ScriptedModelServer();
    String yaml =
        """
        server: { host: 127.0.0.1, port: 0 }
        webhook: { path: /webhooks/jira, secret: %s }
        inbox: { file: %s, pollInterval: 100ms, initialBackoff: 200ms }
        jira: { flavor: cloud, baseUrl: %s, email: %s, apiToken: %s, maxRetries: 1 }
        model: { baseUrl: %s, model: qwen, timeout: 30s }
        reply:
          serviceDeskNames: { "1": "Retail Support" }
          defaults: { mode: suggest, maxAutoReplies: 100 }
        faq: { fallbackBot: false }
        assistant: { proposalsFile: %s }
        ui:
          adminUser: admin
          adminPasswordHash: "%s"
          forgeAppId: "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000001"
          forgeJwksUrl: http://127.0.0.1:9/unused-jwks.json
          forgeCloudId: a436116f-02ce-4520-8fbb-7301462a1674
        """
            .formatted(
                SECRET,
                dir.resolve("inbox.db"),
                jira.baseUrl(),
                jira.bot().email(),
                jira.bot().apiToken(),
                model.baseUrl(),
                dir.resolve("proposals.db"),
                new PasswordHasher().hash(PASSWORD.toCharArray()));
    Path file = Files.writeString(dir.resolve("jsmai.yaml"), yaml);
    app =
        PluginApp.start(
            new ConfigLoader(ConfigSections.ALL, Map.of()).load(file),
            PluginApp.Extensions.defaults());
    jira.registerWebhook(
        base() + "/webhooks/jira", List.of("jira:issue_created", "comment_created"), SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.close();
    if (model != null) model.close();
    if (jira != null) jira.close();
  }

  static String base() {
    return "http://127.0.0.1:" + app.port();
  }

  static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (cookie != null) b.header("Cookie", cookie);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void admin_notSignedIn_redirectsToSignIn() throws Exception {
    HttpResponse<String> r = get("/admin/policy", null);

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElse("")).contains("/admin/login");
  }

  @Test
  void signIn_demoAdmin_opensPolicyScreenAndAuditApi() throws Exception {
    String session = signIn(PASSWORD);

    assertThat(session).isNotNull();
    HttpResponse<String> policy = get("/admin/policy", session);
    assertThat(policy.statusCode()).isEqualTo(200);
    // the guard rails' audit endpoint accepts the same signed-in admin
    assertThat(get("/admin/api/audit?ticket=SD-1", session).statusCode()).isNotIn(401, 403);
    assertThat(get("/admin/api/audit?ticket=SD-1", null).statusCode()).isIn(401, 403);
  }

  @Test
  void signIn_wrongPassword_refused() throws Exception {
    assertThat(signIn("not the password")).isNull();
  }

  @Test
  void panel_withoutToken_signInAgainAndNoTicketData() throws Exception {
    SandboxAccount ana = jira.customers().get(3);
    String key = jira.raiseRequest(ana, "General question", "Secret summary xyzzy", "body", null);

    HttpResponse<String> page = get("/panel?issueKey=" + key, null);
    HttpResponse<String> brief = get("/panel/api/" + key + "/brief", null);

    assertThat(page.body()).doesNotContain("xyzzy");
    assertThat(brief.statusCode()).isEqualTo(401);
    assertThat(brief.body()).contains("sign_in_again").doesNotContain("xyzzy");
  }

  @Test
  void forgeRemote_configuredSite_routeIsLiveAndRefusesWithoutToken() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/forge/panel"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"call\":{\"functionKey\":\"brief\",\"payload\":{}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // 503 would mean the ui.forgeCloudId key never reached the route
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("not_configured");
  }

  @Test
  void adminChangesRequestTypeMode_nextEventUsesIt() throws Exception {
    SandboxAccount ana = jira.customers().get(0);
    String first = jira.raiseRequest(ana, "General question", "Hours", "When are you open?", null);
    List<IssueComment> draft = awaitBot(first);
    assertThat(draft).isNotEmpty();
    assertThat(draft.get(0).isPublic()).as("suggest mode drafts an internal note").isFalse();

    // The admin switches this request type to auto on the Policy screen.
    String typeId = jira.ticket(first).requestTypeId();
    String session = signIn(PASSWORD);
    String page = get("/admin/policy", session).body();
    String csrf = AdminForms.field(page, "_csrf");
    String version = AdminForms.field(page, "_version");
    HttpResponse<String> saved =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/admin/policy/override"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", session)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf="
                            + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                            + "&_version="
                            + version
                            + "&desk=1&requestType="
                            + typeId
                            + "&overrideMode=auto&action=save"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(saved.statusCode()).as(saved.body()).isIn(200, 302, 303);
    assertThat(app.settings().current().version()).isGreaterThan(Integer.parseInt(version));

    SandboxAccount bo = jira.customers().get(1);
    String second = jira.raiseRequest(bo, "General question", "Hours", "Open on Sunday?", null);
    List<IssueComment> reply = awaitBot(second);
    assertThat(reply).isNotEmpty();
    assertThat(reply.get(0).isPublic()).as("auto mode answers publicly").isTrue();
  }

  private static List<IssueComment> awaitBot(String key) throws InterruptedException {
    String bot = jira.bot().accountId();
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<IssueComment> found =
          jira.thread(key).stream().filter(c -> c.authorId().equals(bot)).toList();
      if (!found.isEmpty() || System.nanoTime() > end) return found;
      Thread.sleep(50);
    }
  }

  /** Signs in through the login form; the session cookie, or null when refused. */
  private static String signIn(String password) throws Exception {
    HttpResponse<String> form = get("/admin/login", null);
    String csrfCookie =
        form.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("jsmai_login_csrf="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    String token = csrfCookie.substring(csrfCookie.indexOf('=') + 1);
    String body =
        "_csrf="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&user=admin&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 302) return null;
    Matcher m =
        Pattern.compile("(jsmai_session=[^;]+)")
            .matcher(String.join("\n", r.headers().allValues("Set-Cookie")));
    return m.find() ? m.group(1) : null;
  }
}
