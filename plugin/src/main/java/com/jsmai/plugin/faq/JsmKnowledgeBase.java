package com.jsmai.plugin.faq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * JSM knowledge-base search: {@code GET /rest/servicedeskapi/knowledgebase/article?query=}
 * (optionally scoped to one service desk with {@code /rest/servicedeskapi/servicedesk/{id}/
 * knowledgebase/article}). The Jira client owns every other call to Jira; this is the one endpoint
 * the fallback bot needs, kept here so it works while the rest of the pipeline is degraded.
 */
public final class JsmKnowledgeBase implements KnowledgeBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final String authorization;
  private final String serviceDeskId;

  /**
   * @param http a shared client (its timeouts bound the fallback's latency)
   * @param baseUrl the Jira base URL, for example {@code https://acme.atlassian.net}
   * @param authorization the {@code Authorization} header value (Basic for Cloud API tokens, Bearer
   *     for Data Center personal access tokens); never logged
   * @param serviceDeskId restricts the search to one desk, or null for all
   */
  public JsmKnowledgeBase(
      OkHttpClient http, HttpUrl baseUrl, String authorization, String serviceDeskId) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.serviceDeskId = serviceDeskId;
  }

  @Override
  public List<Article> search(String query, int limit) {
    HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("rest/servicedeskapi");
    if (serviceDeskId != null) url.addPathSegment("servicedesk").addPathSegment(serviceDeskId);
    url.addPathSegments("knowledgebase/article")
        .addQueryParameter("query", query)
        .addQueryParameter("highlight", "false")
        .addQueryParameter("limit", Integer.toString(limit));
    Request request =
        new Request.Builder()
            .url(url.build())
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            // JSM marks parts of servicedeskapi experimental; the header opts in where required.
            .header("X-ExperimentalApi", "opt-in")
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new KnowledgeBaseException(
            "knowledge base search answered HTTP " + response.code(), null);
      }
      JsonNode body = JSON.readTree(response.body().byteStream());
      List<Article> out = new ArrayList<>();
      for (JsonNode a : body.path("values")) {
        String link = a.path("content").path("iframeSrc").asText(null);
        out.add(new Article(a.path("title").asText(""), a.path("excerpt").asText(""), link));
        if (out.size() == limit) break;
      }
      return out;
    } catch (IOException e) {
      throw new KnowledgeBaseException("knowledge base search failed: " + e.getMessage(), e);
    }
  }
}
