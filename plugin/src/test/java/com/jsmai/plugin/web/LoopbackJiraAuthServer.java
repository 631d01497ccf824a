package com.jsmai.plugin.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.testing.TestJwts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for what the JSM sandbox does not implement: Jira Data Center's OAuth 2.0 provider
 * ({@code /rest/oauth2/latest/authorize} and {@code /token}, authorization code with PKCE S256, as
 * Jira 8.22+ documents them) and Atlassian's Forge key set. The "signed-in Jira user" is chosen by
 * the test ({@link #signInAs}); Jira would show its login and consent screens instead. The access
 * token it issues is that user's sandbox personal access token, so REST calls made with it against
 * the sandbox ({@code /rest/api/2/myself}, {@code /rest/api/2/issue/{key}}) really run as that user
 * with that user's permissions.
 */
public final class LoopbackJiraAuthServer implements AutoCloseable {
  public static final String CLIENT_ID = "jsmai-panel";
  public static final String CLIENT_SECRET = "jsmai-panel-secret";
  public static final String FORGE_APP_ID =
      "ari:cloud:ecosystem::app/1c9b1f6e-0000-4000-8000-jsmai";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Grant(String user, String challenge, String redirectUri) {}

  private final Javalin app;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final RSAKey forgeKey;
  private volatile String user = "agent";

  /** Token requests that were refused, with the reason: tests assert PKCE was checked. */
  public final List<String> refusals = new CopyOnWriteArrayList<>();

  private LoopbackJiraAuthServer(RSAKey forgeKey) {
    this.forgeKey = forgeKey;
    this.app = Javalin.create(c -> c.showJavalinBanner = false);
    app.get(
        "/rest/oauth2/latest/authorize",
        ctx -> {
          if (!CLIENT_ID.equals(ctx.queryParam("client_id"))
              || !"code".equals(ctx.queryParam("response_type"))
              || !"S256".equals(ctx.queryParam("code_challenge_method"))
              || ctx.queryParam("code_challenge") == null) {
            ctx.status(400).result("invalid authorization request");
            return;
          }
          String code = UUID.randomUUID().toString();
          codes.put(
              code,
              new Grant(user, ctx.queryParam("code_challenge"), ctx.queryParam("redirect_uri")));
          ctx.redirect(
              ctx.queryParam("redirect_uri")
                  + "?code="
                  + code
                  + "&state="
                  + ctx.queryParam("state"));
        });
    app.post(
        "/rest/oauth2/latest/token",
        ctx -> {
          Grant g = codes.remove(String.valueOf(ctx.formParam("code")));
          String refusal = null;
          if (g == null) refusal = "unknown code";
          else if (!CLIENT_ID.equals(ctx.formParam("client_id"))
              || !CLIENT_SECRET.equals(ctx.formParam("client_secret"))) refusal = "bad client";
          else if (!"authorization_code".equals(ctx.formParam("grant_type"))) refusal = "bad grant";
          else if (!g.redirectUri().equals(ctx.formParam("redirect_uri")))
            refusal = "redirect mismatch";
          else if (!g.challenge().equals(s256(String.valueOf(ctx.formParam("code_verifier")))))
            refusal = "PKCE verifier mismatch";
          if (refusal != null) {
            refusals.add(refusal);
            ctx.status(400).json(Map.of("error", "invalid_grant", "error_description", refusal));
            return;
          }
          ctx.json(
              Map.of(
                  "access_token",
                  g.user() + "-pat",
                  "token_type",
                  "bearer",
                  "expires_in",
                  7200,
                  "refresh_token",
                  "unused"));
        });
    app.get(
        "/.well-known/jwks.json",
        ctx ->
            ctx.contentType("application/json")
                .result(new JWKSet(forgeKey).toPublicJWKSet().toString()));
  }

  public static LoopbackJiraAuthServer start() {
    try {
      LoopbackJiraAuthServer s =
          new LoopbackJiraAuthServer(new RSAKeyGenerator(2048).keyID("forge-key-1").generate());
      s.app.start("127.0.0.1", 0);
      return s;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Jira user name the next authorization approves (sandbox: agent, admin, a customer). */
  public void signInAs(String username) {
    this.user = username;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  public URI jwksUrl() {
    return baseUrl().resolve("/.well-known/jwks.json");
  }

  /** A Forge Invocation Token as Atlassian would sign it, for {@code issueKey}. */
  public String forgeToken(String issueKey, String principal, Instant expires) {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer("forge/invocation-token")
              .audience(FORGE_APP_ID)
              .issueTime(Date.from(expires.minusSeconds(600)))
              .expirationTime(Date.from(expires))
              .claim("principal", principal)
              .claim(
                  "app",
                  Map.of(
                      "id",
                      FORGE_APP_ID,
                      "installationId",
                      "ari:cloud:ecosystem::installation/abc",
                      "apiBaseUrl",
                      "https://api.atlassian.com/ex/jira/cloud-123"))
              .claim(
                  "context",
                  Map.of(
                      "cloudId",
                      "cloud-123",
                      "extension",
                      Map.of(
                          "type",
                          "jira:issuePanel",
                          "issue",
                          Map.of("id", "10001", "key", issueKey))))
              .build();
      return TestJwts.sign(forgeKey, claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same claims signed with a key Atlassian never published: a forgery. */
  public static String forgedToken(String issueKey, String principal) {
    try {
      RSAKey attacker = new RSAKeyGenerator(2048).keyID("forge-key-1").generate();
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer("forge/invocation-token")
              .audience(FORGE_APP_ID)
              .issueTime(new Date())
              .expirationTime(Date.from(Instant.now().plusSeconds(300)))
              .claim("principal", principal)
              .claim("app", Map.of("id", FORGE_APP_ID))
              .claim(
                  "context",
                  Map.of("extension", Map.of("issue", Map.of("id", "1", "key", issueKey))))
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forge-key-1").build(), claims);
      jwt.sign(new RSASSASigner(attacker));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public void close() {
    app.stop();
  }
}
