package com.jsmai.plugin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.web.Html;
import com.jsmai.plugin.web.UiStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin screens over loopback HTTP: sign-in, CSRF on every form, saving, export. */
class AdminHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static UiStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new UiStack(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  static HttpClient browser() {
    return AdminHttp.browser();
  }

  static HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return AdminHttp.get(stack, http, path);
  }

  static HttpResponse<String> form(HttpClient http, String path, Map<String, String> fields)
      throws Exception {
    return AdminHttp.form(stack, http, path, fields);
  }

  static HttpResponse<String> login(HttpClient http, String password) throws Exception {
    return AdminHttp.login(stack, http, password);
  }

  static HttpClient signedIn() throws Exception {
    return AdminHttp.signedIn(stack);
  }

  static String csrf(HttpClient http, String page) throws Exception {
    return AdminHttp.csrf(stack, http, page);
  }

  static Map<String, String> fields(String csrf, String... kv) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("_csrf", csrf);
    f.put("_version", String.valueOf(stack.settings.current().version()));
    for (int i = 0; i < kv.length; i += 2) f.put(kv[i], kv[i + 1]);
    return f;
  }

  @Test
  void screens_withoutSession_redirectToSignIn() throws Exception {
    HttpResponse<String> r = get(browser(), "/admin/connection");

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/admin/login");
  }

  @Test
  void login_wrongPassword_refusedWithoutSession() throws Exception {
    HttpClient http = browser();

    HttpResponse<String> r = login(http, "guess-guess");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong user name or password");
    assertThat(get(http, "/admin/policy").statusCode()).isEqualTo(302);
  }

  @Test
  void login_setsHttpOnlyStrictCookie() throws Exception {
    HttpResponse<String> r = login(browser(), UiStack.ADMIN_PASSWORD);

    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("jsmai_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("jsmai_session=").contains("HttpOnly").contains("SameSite=Strict");
  }

  @Test
  void everyForm_withoutCsrfToken_refusedAndNothingStored() throws Exception {
    HttpClient http = signedIn();
    int version = stack.settings.current().version();

    for (String path :
        new String[] {
          "/admin/connection", "/admin/models", "/admin/policy", "/admin/policy/override",
          "/admin/prompts", "/admin/memory", "/admin/tools", "/admin/handoff",
          "/admin/history/rollback", "/admin/advanced", "/admin/logout"
        }) {
      HttpResponse<String> r = form(http, path, Map.of("mode", "auto", "desk", "1"));
      assertThat(r.statusCode()).as(path).isEqualTo(403);
    }
    assertThat(stack.settings.current().version()).isEqualTo(version);
  }

  @Test
  void connection_tokenStoredEncryptedAndNeverEchoed() throws Exception {
    HttpClient http = signedIn();
    String csrf = csrf(http, "/admin/connection");

    HttpResponse<String> r =
        form(
            http,
            "/admin/connection",
            fields(
                csrf,
                "baseUrl",
                stack.jira.baseUrl(),
                "flavor",
                "datacenter",
                "email",
                "",
                "token",
                stack.jira.bot().pat()));

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(stack.settings.current().jira().orElseThrow().personalAccessToken().reveal())
        .isEqualTo(stack.jira.bot().pat());
    assertThat(stack.settings.current().document().toString())
        .doesNotContain(stack.jira.bot().pat());
    assertThat(get(http, "/admin/connection").body()).doesNotContain(stack.jira.bot().pat());
    assertThat(get(http, "/admin/history").body()).contains("jira.token: changed (secret)");
  }

  @Test
  void tools_saveAndTryIt_runsTheDefinitionAgainstLoopback() throws Exception {
    HttpClient http = signedIn();
    String csrf = csrf(http, "/admin/tools");
    String yaml =
        """
        name: model_health
        description: Reads the model server's model list.
        effect: read
        request:
          method: GET
          url: "%s/v1/models"
          timeout: 2s
        """
            .formatted(stack.model.baseUrl());
    String key =
        stack.jira.raiseRequest(
            stack.jira.customers().get(6), "General question", "Hi", "Hi", null);

    HttpResponse<String> bad =
        form(http, "/admin/tools", fields(csrf, "action", "save", "yaml", "name: x y\n"));
    HttpResponse<String> tried =
        form(http, "/admin/tools", fields(csrf, "action", "try", "yaml", yaml, "ticket", key));
    HttpResponse<String> saved =
        form(http, "/admin/tools", fields(csrf, "action", "save", "yaml", yaml));

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("class=\"error\"");
    assertThat(tried.statusCode()).isEqualTo(200);
    assertThat(tried.body()).contains("id=\"tried\"");
    assertThat(saved.statusCode()).isEqualTo(302);
    assertThat(stack.settings.current().tools()).extracting(t -> t.name()).contains("model_health");
  }

  @Test
  void feedbackExport_isJsonlOfChatExamples() throws Exception {
    String id =
        stack.feedback.suggested(
            "SD-1",
            "1",
            "1",
            "agent",
            "[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"}]",
            "draft");
    stack.feedback.rated(id, -1, "too vague");
    HttpClient http = signedIn();

    HttpResponse<String> r = get(http, "/admin/feedback/export.jsonl");
    HttpResponse<String> page = get(http, "/admin/feedback");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode line =
        JSON.readTree(
            r.body()
                .lines()
                .filter(l -> l.contains(id) || l.contains("too vague"))
                .findFirst()
                .orElseThrow());
    assertThat(line.path("messages").get(2).path("role").asText()).isEqualTo("assistant");
    assertThat(line.path("metadata").path("rating").asInt()).isEqualTo(-1);
    assertThat(page.body()).contains("id=\"acceptance\"").contains("Retail Support");
  }

  @Test
  void jiraSignIn_userWithoutAdministerPermission_getsNoAdminSession() throws Exception {
    HttpClient http = browser();
    stack.auth.signInAs("agent");
    String url = stack.baseUrl() + "/admin/oauth/start";
    HttpResponse<String> r = null;
    for (int i = 0; i < 4; i++) {
      r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 302) break;
      url = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
    }

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("not a Jira administrator");
    assertThat(get(http, "/admin/policy").statusCode()).isEqualTo(302);
  }

  @Test
  void feedbackScreen_showsJsmCsatOfAnsweredTickets() throws Exception {
    var customer = stack.jira.customers().get(8);
    String key =
        stack.jira.raiseRequest(customer, "General question", "Opening hours", "When?", null);
    HttpResponse<String> rated =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            stack.jira.baseUrl()
                                + "/rest/servicedeskapi/request/"
                                + key
                                + "/feedback"))
                    .header("Authorization", customer.authorization())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"csat\",\"rating\":4,\"comment\":{\"body\":\"quick answer\"}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(rated.statusCode()).isEqualTo(201);
    stack.answered.add(key);

    HttpResponse<String> page = get(signedIn(), "/admin/feedback");

    assertThat(page.body())
        .contains("id=\"csat\"")
        .contains(key)
        .contains("★★★★<")
        .contains("quick answer");
  }

  @Test
  void login_crossSitePostWithoutLoginCookie_refused() throws Exception {
    HttpResponse<String> r =
        form(
            browser(),
            "/admin/login",
            Map.of(
                "_csrf", "guess", "user", UiStack.ADMIN_USER, "password", UiStack.ADMIN_PASSWORD));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("jsmai_session="));
  }

  @Test
  void prompts_perDeskTemplate_overridesOnlyThatDesk() throws Exception {
    HttpClient http = signedIn();
    String csrf = csrf(http, "/admin/prompts?desk=7");

    HttpResponse<String> r =
        form(
            http,
            "/admin/prompts",
            fields(
                csrf,
                "action",
                "save",
                "desk",
                "7",
                "template",
                "Desk seven helps {{customer_name}}."));

    assertThat(r.statusCode()).isEqualTo(302);
    var prompts = stack.settings.current().reply().prompts();
    assertThat(prompts.resolve("7", "1").template().text())
        .isEqualTo("Desk seven helps {{customer_name}}.");
    assertThat(prompts.resolve("1", "1").template().text()).doesNotContain("Desk seven");
    assertThat(get(http, "/admin/prompts?desk=7").body()).contains("Desk seven helps");
  }

  @Test
  void handoff_customerNoticeCheckbox_savedAndShown() throws Exception {
    HttpClient http = signedIn();
    String page = get(http, "/admin/handoff").body();
    assertThat(page).contains("id=\"notice\" name=\"notice\" type=\"checkbox\" checked");
    String[] common = {"transition", "", "labels", "ai-handoff", "failures", "3", "deadline", "15"};

    HttpResponse<String> off =
        form(http, "/admin/handoff", fields(csrf(http, "/admin/handoff"), common));
    assertThat(off.statusCode()).isEqualTo(302);
    assertThat(
            stack
                .settings
                .current()
                .reply()
                .policies()
                .resolve("1", "1")
                .handoff()
                .customerNotice())
        .isFalse();
    assertThat(get(http, "/admin/handoff").body())
        .contains("id=\"notice\" name=\"notice\" type=\"checkbox\">");

    String[] on = java.util.Arrays.copyOf(common, common.length + 2);
    on[common.length] = "notice";
    on[common.length + 1] = "on";
    form(http, "/admin/handoff", fields(csrf(http, "/admin/handoff"), on));
    assertThat(
            stack
                .settings
                .current()
                .reply()
                .policies()
                .resolve("1", "1")
                .handoff()
                .customerNotice())
        .isTrue();
  }

  @Test
  void savePolicy_untouchedDefaultFooter_keepsFollowingTheDefault() throws Exception {
    HttpClient http = signedIn();
    String page = get(http, "/admin/policy").body();
    assertThat(page).contains(Html.esc(ReplyPolicy.DEFAULT_FOOTER));
    String csrf = csrf(http, "/admin/policy");

    // The browser posts the form as shown: only the delay changed, the footer as displayed.
    HttpResponse<String> r =
        form(
            http,
            "/admin/policy",
            fields(
                csrf,
                "mode",
                "suggest",
                "delaySeconds",
                "42",
                "maxAutoReplies",
                "5",
                "footer",
                ReplyPolicy.DEFAULT_FOOTER));

    assertThat(r.statusCode()).isEqualTo(302);
    int version = stack.settings.current().version();
    JsonNode defaults =
        stack.settings.document(version).orElseThrow().path("reply").path("defaults");
    assertThat(defaults.path("delaySeconds").asInt()).isEqualTo(42);
    assertThat(defaults.has("footer")).as("footer pinned: %s", defaults).isFalse();
    assertThat(stack.settings.history(1).get(0).summary()).doesNotContain("footer");
  }

  @Test
  void savePolicy_emptiedFooter_storesNoFooter() throws Exception {
    HttpClient http = signedIn();
    String csrf = csrf(http, "/admin/policy");

    form(
        http,
        "/admin/policy",
        fields(csrf, "mode", "suggest", "delaySeconds", "0", "maxAutoReplies", "5", "footer", " "));

    int version = stack.settings.current().version();
    JsonNode defaults =
        stack.settings.document(version).orElseThrow().path("reply").path("defaults");
    assertThat(defaults.path("footer").isTextual()).isTrue();
    assertThat(defaults.path("footer").asText()).isEmpty();

    // Put the default back for the other tests: posting the default text again unpins it.
    form(
        http,
        "/admin/policy",
        fields(
            csrf(http, "/admin/policy"),
            "mode",
            "suggest",
            "delaySeconds",
            "0",
            "maxAutoReplies",
            "5",
            "footer",
            ReplyPolicy.DEFAULT_FOOTER));
    assertThat(
            stack
                .settings
                .document(stack.settings.current().version())
                .orElseThrow()
                .path("reply")
                .path("defaults")
                .has("footer"))
        .isFalse();
  }

  @Test
  void policyScreen_chinese_modeOptionsTranslatedValuesUnchanged() throws Exception {
    HttpClient http = signedIn();

    String zh = get(http, "/admin/policy?lang=zh").body();

    assertThat(zh)
        .contains("<option value=\"off\">关闭（off）</option>")
        .contains("<option value=\"auto\">自动（auto）</option>")
        .containsPattern("<option value=\"suggest\"( selected)?>建议（suggest）</option>");
    assertThat(get(http, "/admin/policy?lang=en").body())
        .contains("<option value=\"auto\">auto</option>");
  }
}
