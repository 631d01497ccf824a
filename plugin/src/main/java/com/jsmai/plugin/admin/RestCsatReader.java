package com.jsmai.plugin.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.jira.JiraConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@link CsatReader} over JSM's REST API with the service's own credentials, taken from the live
 * Jira connection each call (an admin may change it). 404 means "not rated yet".
 */
public final class RestCsatReader implements CsatReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<Optional<JiraConfig>> jira;
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .callTimeout(Duration.ofSeconds(15))
          .followRedirects(false)
          .build();

  public RestCsatReader(Supplier<Optional<JiraConfig>> jira) {
    this.jira = jira;
  }

  @Override
  public Optional<Csat> csat(String issueKey) {
    Optional<JiraConfig> c = jira.get();
    if (c.isEmpty() || !c.get().hasCredentials()) return Optional.empty();
    JiraConfig j = c.get();
    String base = j.baseUrl().toString();
    if (!base.endsWith("/")) base += "/";
    String auth = j.authorization();
    Request r =
        new Request.Builder()
            .url(
                base
                    + "rest/servicedeskapi/request/"
                    + URLEncoder.encode(issueKey, StandardCharsets.UTF_8)
                    + "/feedback")
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .build();
    try (Response res = http.newCall(r).execute()) {
      if (!res.isSuccessful()) return Optional.empty();
      JsonNode body = JSON.readTree(res.body().string());
      if (!body.path("rating").isNumber()) return Optional.empty();
      JsonNode comment = body.path("comment").path("body");
      return Optional.of(
          new Csat(
              issueKey,
              body.path("rating").asInt(),
              comment.isMissingNode() || comment.isNull() ? null : comment.asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
