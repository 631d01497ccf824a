package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A client of Jira Data Center's built-in OAuth 2.0 provider (Jira 8.22+): authorization code with
 * PKCE ({@code S256}), then calls as the user to prove who they are and that they can see an issue.
 *
 * <pre>
 * browser -> /rest/oauth2/latest/authorize?client_id&redirect_uri&response_type=code&scope
 *            &state&code_challenge&code_challenge_method=S256
 * Jira    -> redirect_uri?code&state
 * service -> POST /rest/oauth2/latest/token (grant_type=authorization_code, code, code_verifier)
 * service -> GET /rest/api/2/myself, GET /rest/api/2/issue/{key} with Bearer access token
 * </pre>
 *
 * <p>A started flow is remembered for ten minutes under its random {@code state}; the callback must
 * present that state once, so a forged or replayed callback is refused.
 *
 * <p>Thread-safe.
 */
public final class JiraOAuthClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FLOW_TTL = Duration.ofMinutes(10);

  /**
   * @param authBase where the OAuth endpoints are (Jira's base URL)
   * @param apiBase where REST calls as the user go (Jira's base URL; differs only in tests)
   * @param clientId the application link's client id
   * @param clientSecret its client secret
   * @param redirectUri this service's callback URL as registered in Jira
   * @param scope {@code WRITE} lets the panel post an inserted reply as the agent (Jira's scopes
   *     nest: WRITE includes READ); with {@code READ} Jira refuses that write and the reply goes
   *     out through the assistant's account, saying so
   */
  public record Config(
      URI authBase,
      URI apiBase,
      String clientId,
      Secret clientSecret,
      URI redirectUri,
      String scope) {
    public Config {
      Objects.requireNonNull(authBase, "oauth.authBase");
      Objects.requireNonNull(apiBase, "oauth.apiBase");
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("oauth.clientId must be set");
      }
      Objects.requireNonNull(clientSecret, "oauth.clientSecret");
      Objects.requireNonNull(redirectUri, "oauth.redirectUri");
      scope = scope == null || scope.isBlank() ? "WRITE" : scope;
    }
  }

  /** A flow waiting for its callback. */
  private record Pending(String verifier, String returnTo, Instant expires) {}

  /** The signed-in Jira user. */
  public record JiraUser(String key, String name, String displayName, String accessToken) {
    @Override
    public String toString() {
      return "JiraUser[" + name + "]";
    }
  }

  /** Jira refused the code, the token or the user: the user must sign in again. */
  public static final class SignInRequired extends RuntimeException {
    public SignInRequired(String message) {
      super(message);
    }
  }

  private final Config config;
  private final OkHttpClient http;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  public JiraOAuthClient(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = clock;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(15))
            .followRedirects(false)
            .build();
  }

  /**
   * Starts a flow: the URL to send the browser to.
   *
   * @param returnTo the local path to go back to after sign-in (must start with {@code /})
   */
  public URI authorizationUrl(String returnTo) {
    if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//")) {
      throw new IllegalArgumentException("returnTo must be a local path: " + returnTo);
    }
    pending.values().removeIf(p -> clock.instant().isAfter(p.expires()));
    String state = randomToken();
    String verifier = randomToken() + randomToken();
    pending.put(state, new Pending(verifier, returnTo, clock.instant().plus(FLOW_TTL)));
    HttpUrl url =
        HttpUrl.get(config.authBase().toString())
            .newBuilder()
            .addPathSegments("rest/oauth2/latest/authorize")
            .addQueryParameter("client_id", config.clientId())
            .addQueryParameter("redirect_uri", config.redirectUri().toString())
            .addQueryParameter("response_type", "code")
            .addQueryParameter("scope", config.scope())
            .addQueryParameter("state", state)
            .addQueryParameter("code_challenge", challenge(verifier))
            .addQueryParameter("code_challenge_method", "S256")
            .build();
    return url.uri();
  }

  /** The callback's outcome: who signed in and where they wanted to go. */
  public record Completed(JiraUser user, String returnTo) {}

  /**
   * Completes a flow: checks {@code state}, exchanges {@code code} with the PKCE verifier, and
   * reads the user with the new token.
   *
   * @throws SignInRequired when the state is unknown or expired, or Jira refuses
   */
  public Completed complete(String code, String state) {
    if (code == null || state == null) throw new SignInRequired("missing code or state");
    Pending p = pending.remove(state);
    if (p == null || clock.instant().isAfter(p.expires())) {
      throw new SignInRequired("unknown or expired sign-in attempt");
    }
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "authorization_code")
            .add("client_id", config.clientId())
            .add("client_secret", config.clientSecret().reveal())
            .add("code", code)
            .add("redirect_uri", config.redirectUri().toString())
            .add("code_verifier", p.verifier())
            .build();
    Request request =
        new Request.Builder()
            .url(
                HttpUrl.get(config.authBase().toString())
                    .newBuilder()
                    .addPathSegments("rest/oauth2/latest/token")
                    .build())
            .post(form)
            .build();
    String token;
    try (Response r = http.newCall(request).execute()) {
      if (!r.isSuccessful())
        throw new SignInRequired("Jira refused the sign-in (" + r.code() + ")");
      JsonNode body = JSON.readTree(r.body().string());
      token = body.path("access_token").asText(null);
      if (token == null || token.isBlank()) throw new SignInRequired("Jira returned no token");
    } catch (IOException e) {
      throw new SignInRequired("Jira could not be reached for sign-in");
    }
    return new Completed(myself(token), p.returnTo());
  }

  /** {@code GET /rest/api/2/myself} as the token's user. */
  public JiraUser myself(String accessToken) {
    try (Response r = get("rest/api/2/myself", accessToken)) {
      if (r.code() == 401) throw new SignInRequired("the Jira session has expired");
      if (!r.isSuccessful())
        throw new SignInRequired("Jira did not confirm the user (" + r.code() + ")");
      JsonNode me = JSON.readTree(r.body().string());
      String name = me.path("name").asText(me.path("accountId").asText(null));
      if (name == null) throw new SignInRequired("Jira did not name the user");
      return new JiraUser(
          me.path("key").asText(name), name, me.path("displayName").asText(name), accessToken);
    } catch (IOException e) {
      throw new SignInRequired("Jira could not be reached");
    }
  }

  /** Whether the token's user may see the issue: 200 yes, 403/404 no, 401 sign in again. */
  public Visibility canSee(String accessToken, String issueKey) {
    try (Response r =
        get("rest/api/2/issue/" + encode(issueKey) + "?fields=summary", accessToken)) {
      if (r.code() == 401) return Visibility.SIGN_IN_AGAIN;
      if (r.isSuccessful()) return Visibility.VISIBLE;
      return Visibility.NOT_VISIBLE;
    } catch (IOException e) {
      return Visibility.UNKNOWN;
    }
  }

  /** Whether the token's user is a Jira administrator ({@code ADMINISTER} global permission). */
  public boolean isAdministrator(String accessToken) {
    try (Response r = get("rest/api/2/mypermissions?permissions=ADMINISTER", accessToken)) {
      if (!r.isSuccessful()) return false;
      JsonNode body = JSON.readTree(r.body().string());
      return body.path("permissions").path("ADMINISTER").path("havePermission").asBoolean(false);
    } catch (IOException e) {
      return false;
    }
  }

  /** What Jira said about one user and one issue. */
  public enum Visibility {
    VISIBLE,
    NOT_VISIBLE,
    SIGN_IN_AGAIN,
    UNKNOWN
  }

  private Response get(String pathAndQuery, String token) throws IOException {
    String base = config.apiBase().toString();
    if (!base.endsWith("/")) base += "/";
    return http.newCall(
            new Request.Builder()
                .url(base + pathAndQuery)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build())
        .execute();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where REST calls as the signed-in user go (Jira's base URL). */
  public URI apiBase() {
    return config.apiBase();
  }

  /** Exposed for diagnostics: how many sign-ins are waiting for their callback. */
  int pendingFlows() {
    return pending.size();
  }

  Optional<String> returnToOf(String state) {
    return Optional.ofNullable(pending.get(state)).map(Pending::returnTo);
  }
}
