package com.jsmai.plugin.cloud;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies Forge Invocation Tokens (FIT): the RS256 JWTs Atlassian puts in {@code Authorization:
 * Bearer ...} when our Forge app calls the plugin through Forge Remote.
 *
 * <p>Checks, in order: the token parses; its header names RS256 (no other algorithm is accepted, so
 * an attacker cannot switch to {@code none} or to HS256 keyed with a public key); the signature
 * verifies against a key of Atlassian's published key set with the token's {@code kid}; the issuer
 * is {@code forge/invocation-token}; the audience is our app id; {@code exp} is in the future and
 * {@code iat} present (with a small clock skew). The key set is cached and fetched again when a
 * token names a {@code kid} the cache does not hold (Atlassian rotates keys), at most once per
 * refresh interval so a flood of forged kids cannot hammer the key server.
 *
 * <p>Thread-safe; create one per app id and reuse it.
 */
public final class ForgeInvocationTokenVerifier {

  /** Atlassian's published Forge key set. */
  public static final URI ATLASSIAN_JWKS =
      URI.create("https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json");

  static final String ISSUER = "forge/invocation-token";
  private static final int CLOCK_SKEW_SECONDS = 60;

  private final String appId;
  private final DefaultJWTProcessor<SecurityContext> processor;

  /**
   * @param appId our Forge app id from {@code manifest.yml} ({@code ari:cloud:ecosystem::app/...})
   * @param jwksUri where the key set is published ({@link #ATLASSIAN_JWKS} in production)
   * @param cacheTtl how long a fetched key set is trusted before it is fetched again
   */
  public ForgeInvocationTokenVerifier(String appId, URI jwksUri, Duration cacheTtl) {
    this.appId = requireText(appId, "appId");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.create(
                  jwksUri.toURL(), new DefaultResourceRetriever(2_000, 2_000, 512 * 1024))
              .cache(cacheTtl.toMillis(), 5_000)
              .rateLimited(10_000)
              .retrying(true)
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("jwksUri is not a URL: " + jwksUri, e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            appId,
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("exp", "iat", "app"));
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Verifies a token and returns what it asserts.
   *
   * @param token the bearer token, without the {@code Bearer } prefix
   * @throws InvalidTokenException with a reason safe to show ("expired", "wrong audience", ...); the
   *     token itself is never part of the message
   */
  public ForgeInvocation verify(String token) {
    if (token == null || token.isBlank()) throw new InvalidTokenException("missing token");
    JWTClaimsSet claims;
    try {
      claims = processor.process(token.strip(), null);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException(reason(e));
    } catch (JOSEException e) {
      throw new InvalidTokenException("signature could not be checked: " + e.getClass().getName());
    }
    try {
      Map<String, Object> app = claims.getJSONObjectClaim("app");
      Map<String, Object> context = claims.getJSONObjectClaim("context");
      Map<?, ?> extension = context == null ? null : asMap(context.get("extension"));
      Map<?, ?> issue = extension == null ? null : asMap(extension.get("issue"));
      String claimedApp = app == null ? null : (String) app.get("id");
      if (claimedApp != null && !claimedApp.equals(appId)) {
        throw new InvalidTokenException("app id in token does not match this app");
      }
      return new ForgeInvocation(
          appId,
          app == null ? null : (String) app.get("installationId"),
          app == null ? null : (String) app.get("apiBaseUrl"),
          claims.getStringClaim("principal"),
          context == null ? null : (String) context.get("cloudId"),
          issue == null ? null : (String) issue.get("key"),
          issue == null ? null : String.valueOf(issue.get("id")));
    } catch (ParseException | ClassCastException e) {
      throw new InvalidTokenException("token claims have an unexpected shape");
    }
  }

  private static Map<?, ?> asMap(Object o) {
    return o instanceof Map<?, ?> m ? m : null;
  }

  // Nimbus messages are precise but long; reduce them to a reason an agent or admin can act on.
  private static String reason(BadJOSEException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (m.contains("expired")) return "token expired";
    if (m.contains("audience")) return "wrong audience";
    if (m.contains("iss")) return "wrong issuer";
    if (m.contains("signed jwt rejected") || m.contains("signature")) return "bad signature";
    if (m.contains("no matching key") || m.contains("key selector") || m.contains("kid")) {
      return "signing key not found";
    }
    if (m.contains("unsecured") || m.contains("alg") || m.contains("jws header")) {
      return "algorithm not allowed";
    }
    if (m.contains("missing")) return "required claims missing";
    return "invalid token";
  }

  private static String requireText(String s, String name) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException(name + " must be set");
    return s;
  }

  /** The token must not be trusted; the message says why, without echoing the token. */
  public static final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String reason) {
      super(reason);
    }
  }
}
