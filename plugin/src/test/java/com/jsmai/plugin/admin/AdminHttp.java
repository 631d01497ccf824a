package com.jsmai.plugin.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.web.UiStack;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An admin's browser against a {@link UiStack}, for the admin HTTP tests: cookies kept, redirects
 * not followed (a test asserts them), forms posted url-encoded, the CSRF token read from a page.
 */
final class AdminHttp {
  private AdminHttp() {}

  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static HttpResponse<String> get(UiStack stack, HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> form(
      UiStack stack, HttpClient http, String path, Map<String, String> fields) throws Exception {
    String body =
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String csrf(UiStack stack, HttpClient http, String page) throws Exception {
    Matcher m =
        Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(stack, http, page).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static HttpResponse<String> login(UiStack stack, HttpClient http, String password)
      throws Exception {
    String token = csrf(stack, http, "/admin/login");
    return form(
        stack,
        http,
        "/admin/login",
        Map.of("_csrf", token, "user", UiStack.ADMIN_USER, "password", password));
  }

  /** A browser signed in as the stack's admin (the sign-in answers 302). */
  static HttpClient signedIn(UiStack stack) throws Exception {
    HttpClient http = browser();
    assertThat(login(stack, http, UiStack.ADMIN_PASSWORD).statusCode()).isEqualTo(302);
    return http;
  }
}
