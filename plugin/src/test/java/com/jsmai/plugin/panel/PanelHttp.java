package com.jsmai.plugin.panel;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The panel's HTTP calls as its page and the Forge app make them, for the panel HTTP tests: cookies
 * kept, redirects not followed, an optional bearer token and CSRF header.
 */
final class PanelHttp {
  private PanelHttp() {}

  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static HttpResponse<String> get(HttpClient http, String url, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(
      HttpClient http, String url, String bearer, String csrf, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (csrf != null) b.header("X-CSRF-Token", csrf);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
