package com.jsmai.plugin.cloud;

import static com.jsmai.plugin.testing.TestJwts.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.cloud.ForgeInvocationTokenVerifier.InvalidTokenException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verifies FITs against a key set the test generates and serves on loopback, the way Atlassian
 * serves its own at {@code forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json}.
 */
class ForgeInvocationTokenVerifierTest {
  private static final String APP_ID = "ari:cloud:ecosystem::app/1c9b1f6e-0000-4000-8000-jsmai";

  private final List<RSAKey> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private HttpServer jwksServer;
  private ForgeInvocationTokenVerifier verifier;
  private RSAKey atlassianKey;

  @BeforeEach
  void startKeyServer() throws Exception {
    atlassianKey = new RSAKeyGenerator(2048).keyID("forge-key-1").generate();
    published.add(atlassianKey);
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] body =
              new JWKSet(List.copyOf(published))
                  .toPublicJWKSet()
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwksServer.start();
    URI jwks =
        URI.create(
            "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json");
    verifier = new ForgeInvocationTokenVerifier(APP_ID, jwks, Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    jwksServer.stop(0);
  }

  @Test
  void verify_validToken_returnsInvocationContext() throws Exception {
    String token = sign(atlassianKey, claims(APP_ID, Instant.now().plusSeconds(300)).build());

    ForgeInvocation inv = verifier.verify(token);

    assertThat(inv.appId()).isEqualTo(APP_ID);
    assertThat(inv.principal()).isEqualTo("5b10a2844c20165700ede21g");
    assertThat(inv.installationId()).isEqualTo("ari:cloud:ecosystem::installation/abc");
    assertThat(inv.apiBaseUrl()).isEqualTo("https://api.atlassian.com/ex/jira/cloud-123");
    assertThat(inv.cloudId()).isEqualTo("cloud-123");
    assertThat(inv.issueKey()).isEqualTo("SD-7");
    assertThat(inv.issueId()).isEqualTo("10042");
  }

  @Test
  void verify_keySetIsCached_acrossTokens() throws Exception {
    for (int i = 0; i < 5; i++) {
      verifier.verify(sign(atlassianKey, claims(APP_ID, Instant.now().plusSeconds(300)).build()));
    }

    assertThat(jwksFetches.get()).isEqualTo(1);
  }

  @Test
  void verify_expiredToken_rejected() throws Exception {
    String token = sign(atlassianKey, claims(APP_ID, Instant.now().minusSeconds(600)).build());

    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("token expired");
  }

  @Test
  void verify_otherAppsAudience_rejected() throws Exception {
    String token =
        sign(
            atlassianKey,
            claims("ari:cloud:ecosystem::app/other", Instant.now().plusSeconds(300)).build());

    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("wrong audience");
  }

  @Test
  void verify_wrongIssuer_rejected() throws Exception {
    String token =
        sign(
            atlassianKey,
            claims(APP_ID, Instant.now().plusSeconds(300)).issuer("someone-else").build());

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void verify_forgedWithAttackersKeyUnderAtlassiansKid_rejected() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("forge-key-1").generate();
    String token = sign(attacker, claims(APP_ID, Instant.now().plusSeconds(300)).build());

    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("bad signature");
  }

  @Test
  void verify_unsignedAlgNone_rejected() {
    String token =
        new PlainJWT(new PlainHeader(), claims(APP_ID, Instant.now().plusSeconds(300)).build())
            .serialize();

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void verify_hs256KeyedWithPublicKey_rejected() throws Exception {
    // The classic algorithm-confusion attack: HMAC keyed with the published RSA public key.
    byte[] secret = atlassianKey.toPublicJWK().toRSAPublicKey().getEncoded();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("forge-key-1").build(),
            claims(APP_ID, Instant.now().plusSeconds(300)).build());
    jwt.sign(new MACSigner(secret));

    assertThatThrownBy(() -> verifier.verify(jwt.serialize()))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void verify_rotatedKeyWithNewKid_refetchesKeySet() throws Exception {
    verifier.verify(sign(atlassianKey, claims(APP_ID, Instant.now().plusSeconds(300)).build()));
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("forge-key-2").generate();
    published.add(rotated);

    ForgeInvocation inv =
        verifier.verify(sign(rotated, claims(APP_ID, Instant.now().plusSeconds(300)).build()));

    assertThat(inv.appId()).isEqualTo(APP_ID);
    assertThat(jwksFetches.get()).isEqualTo(2);
  }

  @Test
  void verify_garbage_rejectedWithoutEchoingToken() {
    assertThatThrownBy(() -> verifier.verify("not.a.jwt-secret-ish"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageNotContaining("secret-ish");
    assertThatThrownBy(() -> verifier.verify(" ")).hasMessage("missing token");
  }

  private static JWTClaimsSet.Builder claims(String audience, Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(ForgeInvocationTokenVerifier.ISSUER)
        .audience(audience)
        .issueTime(Date.from(exp.minusSeconds(600)))
        .expirationTime(Date.from(exp))
        .claim("principal", "5b10a2844c20165700ede21g")
        .claim(
            "app",
            Map.of(
                "id",
                audience,
                "installationId",
                "ari:cloud:ecosystem::installation/abc",
                "apiBaseUrl",
                "https://api.atlassian.com/ex/jira/cloud-123",
                "appVersion",
                "1.0.0",
                "environment",
                Map.of("type", "PRODUCTION", "id", "env-1"),
                "module",
                Map.of("type", "core:endpoint", "key", "jsmai-remote")))
        .claim(
            "context",
            Map.of(
                "cloudId",
                "cloud-123",
                "moduleKey",
                "jsmai-issue-panel",
                "extension",
                Map.of(
                    "type",
                    "jira:issuePanel",
                    "issue",
                    Map.of("id", "10042", "key", "SD-7", "type", "Service Request"))));
  }
}
