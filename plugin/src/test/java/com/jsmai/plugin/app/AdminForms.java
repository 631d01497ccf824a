package com.jsmai.plugin.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Drives the admin screens over HTTP the way a browser does: sign-in, CSRF token, form posts. */
final class AdminForms {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  final String session;

  private AdminForms(String base, String session) {
    this.base = base;
    this.session = session;
  }

  /** Signs in through the login form. */
  static AdminForms signIn(String base, String user, String password) throws Exception {
    HttpResponse<String> form = get(base, "/admin/login", null);
    String csrfCookie =
        form.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("jsmai_login_csrf="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    String token = csrfCookie.substring(csrfCookie.indexOf('=') + 1);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", csrfCookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        encode(Map.of("_csrf", token, "user", user, "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("sign-in").isEqualTo(302);
    Matcher m =
        Pattern.compile("(jsmai_session=[^;]+)")
            .matcher(String.join("\n", r.headers().allValues("Set-Cookie")));
    assertThat(m.find()).isTrue();
    return new AdminForms(base, m.group(1));
  }

  HttpResponse<String> get(String path) throws Exception {
    return get(base, path, session);
  }

  static HttpResponse<String> get(String base, String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (cookie != null) b.header("Cookie", cookie);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Opens {@code screen}, then posts {@code fields} to {@code action} with the page's CSRF token
   * and settings version, as the screen's form would; asserts the save was accepted.
   */
  HttpResponse<String> save(String screen, String action, Map<String, String> fields)
      throws Exception {
    String page = get(screen).body();
    Map<String, String> all = new LinkedHashMap<>();
    all.put("_csrf", field(page, "_csrf"));
    if (page.contains("name=\"_version\"")) all.put("_version", field(page, "_version"));
    all.putAll(fields);
    HttpResponse<String> r = post(action, all);
    assertThat(r.statusCode()).as(r.body()).isIn(302, 303);
    return r;
  }

  HttpResponse<String> post(String action, Map<String, String> fields) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", session)
            .POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The CSRF token of this session (for JSON posts with {@code X-CSRF-Token}). */
  String csrf() throws Exception {
    return field(get("/admin/policy").body(), "_csrf");
  }

  /** POSTs JSON with the session and CSRF header; the response body as text (an SSE stream). */
  HttpResponse<String> postJson(String path, String json, String csrf) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Cookie", session)
            .header("X-CSRF-Token", csrf)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("form field %s", name).isTrue();
    return m.group(1);
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
