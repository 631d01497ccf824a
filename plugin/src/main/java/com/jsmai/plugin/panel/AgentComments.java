package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts a reply or internal note <em>as the agent</em>, with the agent's own OAuth 2.0 access
 * token, so Jira records the agent as the author (and applies the agent's permissions):
 *
 * <ul>
 *   <li>Cloud: the user token Forge sends the remote in {@code x-forge-oauth-user}, against the
 *       {@code app.apiBaseUrl} of the verified Forge Invocation Token ({@code
 *       https://api.atlassian.com/ex/jira/<cloudId>}).
 *   <li>Data Center: the access token from Jira's OAuth 2.0 provider (the panel's sign-in, scope
 *       {@code WRITE}), against Jira's base URL.
 * </ul>
 *
 * Both use JSM's {@code POST /rest/servicedeskapi/request/{key}/comment} ({@code body} as plain
 * text, {@code public} flag), which takes the same body on both deployments. Like the assistant's
 * own client it fails closed: if Jira stored a note as public, the comment is deleted and the call
 * fails. Tokens are never logged or shown by {@code toString}.
 *
 * <p>Thread-safe.
 */
public final class AgentComments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /**
   * Who writes: the agent's access token and where it is valid.
   *
   * @param apiBase REST base the token works against (Cloud: the FIT's {@code app.apiBaseUrl})
   * @param accessToken the agent's OAuth 2.0 access token (never logged)
   * @param platformApi {@code /rest/api/3} (Cloud) or {@code /rest/api/2} (Data Center), for the
   *     fail-closed delete
   */
  public record AgentToken(URI apiBase, String accessToken, String platformApi) {
    public AgentToken {
      Objects.requireNonNull(apiBase, "apiBase");
      if (accessToken == null || accessToken.isBlank()) {
        throw new IllegalArgumentException("accessToken must be set");
      }
      if (!"/rest/api/3".equals(platformApi) && !"/rest/api/2".equals(platformApi)) {
        throw new IllegalArgumentException("platformApi must be /rest/api/3 or /rest/api/2");
      }
    }

    @Override
    public String toString() {
      return "AgentToken[" + apiBase + "]";
    }
  }

  /**
   * What Jira stored.
   *
   * @param id the comment id
   * @param isPublic whether the customer can see it
   * @param authorId the author as Jira reports it (Cloud accountId, DC user name)
   */
  public record Posted(String id, boolean isPublic, String authorId) {}

  /** Jira refused the write or stored something else than asked; nothing visible was left. */
  public static final class WriteFailed extends RuntimeException {
    private final int status;

    public WriteFailed(int status, String message) {
      super(message);
      this.status = status;
    }

    /** Jira's HTTP status, or 0 when Jira could not be reached. */
    public int status() {
      return status;
    }
  }

  private final OkHttpClient http;

  public AgentComments(Duration timeout) {
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .callTimeout(timeout)
            .followRedirects(false)
            .retryOnConnectionFailure(false)
            .build();
  }

  /** Posts {@code body} on {@code issueKey} as the token's user. */
  public Posted post(AgentToken token, String issueKey, String body, boolean isPublic) {
    ObjectNode payload = JSON.createObjectNode().put("body", body).put("public", isPublic);
    HttpUrl url =
        base(token)
            .addPathSegments("rest/servicedeskapi/request")
            .addPathSegment(issueKey)
            .addPathSegment("comment")
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Bearer " + token.accessToken())
            .header("Accept", "application/json")
            .post(RequestBody.create(payload.toString(), JSON_TYPE))
            .build();
    JsonNode created;
    try (Response r = http.newCall(request).execute()) {
      String text = r.body() == null ? "" : r.body().string();
      if (!r.isSuccessful()) {
        throw new WriteFailed(r.code(), "Jira refused the agent's comment (" + r.code() + ")");
      }
      created = JSON.readTree(text);
    } catch (IOException e) {
      throw new WriteFailed(0, "Jira could not be reached: " + e.getClass().getSimpleName());
    }
    String id = created.path("id").asText(null);
    if (id == null) throw new WriteFailed(502, "Jira answered the comment write without an id");
    boolean stored = created.path("public").asBoolean(isPublic);
    if (stored != isPublic) {
      if (!isPublic) delete(token, issueKey, id);
      throw new WriteFailed(
          502, "Jira stored comment " + id + " with other visibility than asked; it was removed");
    }
    JsonNode author = created.path("author");
    String authorId = author.path("accountId").asText(author.path("name").asText(null));
    return new Posted(id, stored, authorId);
  }

  private void delete(AgentToken token, String issueKey, String id) {
    HttpUrl url =
        base(token)
            .addPathSegments(token.platformApi().substring(1))
            .addPathSegment("issue")
            .addPathSegment(issueKey)
            .addPathSegment("comment")
            .addPathSegment(id)
            .build();
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(url)
                    .header("Authorization", "Bearer " + token.accessToken())
                    .delete()
                    .build())
            .execute()) {
      if (!r.isSuccessful()) {
        throw new WriteFailed(r.code(), "a leaked comment " + id + " could not be deleted");
      }
    } catch (IOException e) {
      throw new WriteFailed(0, "a leaked comment " + id + " could not be deleted");
    }
  }

  private static HttpUrl.Builder base(AgentToken token) {
    String b = token.apiBase().toString();
    HttpUrl url = HttpUrl.parse(b.endsWith("/") ? b : b + "/");
    if (url == null) throw new IllegalArgumentException("not an http(s) URL: " + b);
    return url.newBuilder();
  }
}
