package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class JsmKnowledgeBaseTest {
  // Shaped like the JSM Cloud OpenAPI PagedDTOArticleDTO (../shared/contracts/jsm-cloud.v3.json).
  private static final String PAGE =
      """
      {"size":2,"start":0,"limit":3,"isLastPage":true,"values":[
        {"title":"Returning an item","excerpt":"You can return unused items within 30 days.",
         "source":{"type":"confluence"},"content":{"iframeSrc":"https://kb.example.com/a/1"}},
        {"title":"Shipping times","excerpt":"Standard shipping takes 3-5 days.",
         "source":{"type":"confluence"},"content":{}}]}
      """;

  @Test
  void search_callsArticleEndpointWithQueryAndAuth_parsesArticles() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse().setBody(PAGE).setHeader("Content-Type", "application/json"));
      KnowledgeBase kb =
          new JsmKnowledgeBase(new OkHttpClient(), server.url("/jira/"), "Bearer test-pat", "7");

      List<KnowledgeBase.Article> articles = kb.search("return item", 3);

      RecordedRequest r = server.takeRequest();
      assertThat(r.getRequestUrl().encodedPath())
          .isEqualTo("/jira/rest/servicedeskapi/servicedesk/7/knowledgebase/article");
      assertThat(r.getRequestUrl().queryParameter("query")).isEqualTo("return item");
      assertThat(r.getRequestUrl().queryParameter("highlight")).isEqualTo("false");
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer test-pat");
      assertThat(articles)
          .extracting(KnowledgeBase.Article::title)
          .containsExactly("Returning an item", "Shipping times");
      assertThat(articles.get(0).url()).isEqualTo("https://kb.example.com/a/1");
      assertThat(articles.get(1).url()).isNull();
    }
  }

  @Test
  void search_withoutDesk_usesGlobalEndpoint() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"values\":[]}"));
      new JsmKnowledgeBase(new OkHttpClient(), server.url("/"), "Basic eA==", null).search("x", 1);

      assertThat(server.takeRequest().getRequestUrl().encodedPath())
          .isEqualTo("/rest/servicedeskapi/knowledgebase/article");
    }
  }

  @Test
  void search_httpError_throwsWithStatus() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(503));
      KnowledgeBase kb =
          new JsmKnowledgeBase(new OkHttpClient(), server.url("/"), "Basic eA==", null);

      assertThatThrownBy(() -> kb.search("x", 1))
          .isInstanceOf(KnowledgeBase.KnowledgeBaseException.class)
          .hasMessageContaining("503");
    }
  }
}
