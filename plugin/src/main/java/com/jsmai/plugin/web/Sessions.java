package com.jsmai.plugin.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions behind an opaque cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code
 * Secure} when the service is served over https) plus the CSRF check for state-changing requests. A
 * session id is 256 random bits; the CSRF token is another 256 bits, compared in constant time.
 * Sessions are in memory: a restart signs everybody out, which is acceptable for an admin tool and
 * the panel (which signs in again through Jira without a prompt).
 *
 * <p>Thread-safe.
 */
public final class Sessions {
  public static final String COOKIE = "jsmai_session";
  public static final String CSRF_FIELD = "_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration ttl;
  private final boolean secureCookie;

  public Sessions(Clock clock, Duration ttl, boolean secureCookie) {
    this.clock = clock;
    this.ttl = ttl;
    this.secureCookie = secureCookie;
  }

  public Sessions() {
    this(Clock.systemUTC(), Duration.ofHours(8), false);
  }

  /** Starts a session, sets its cookie, and drops any session the browser had before. */
  public Session start(
      Context ctx, String user, String displayName, boolean admin, String jiraAccessToken) {
    find(ctx).ifPresent(old -> byId.remove(old.id()));
    byId.values().removeIf(old -> !clock.instant().isBefore(old.expires()));
    Session s =
        new Session(
            token(), user, displayName, admin, jiraAccessToken, token(), clock.instant().plus(ttl));
    byId.put(s.id(), s);
    Cookie c = new Cookie(COOKIE, s.id());
    c.setHttpOnly(true);
    c.setSameSite(SameSite.STRICT);
    c.setSecure(secureCookie);
    c.setPath("/");
    c.setMaxAge((int) ttl.toSeconds());
    ctx.cookie(c);
    return s;
  }

  /** The browser's live session, if any. */
  public Optional<Session> find(Context ctx) {
    String id = ctx.cookie(COOKIE);
    if (id == null) return Optional.empty();
    Session s = byId.get(id);
    if (s == null) return Optional.empty();
    if (!clock.instant().isBefore(s.expires())) {
      byId.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Ends the browser's session and clears its cookie. */
  public void end(Context ctx) {
    find(ctx).ifPresent(s -> byId.remove(s.id()));
    ctx.removeCookie(COOKIE, "/");
  }

  /**
   * True when the request carries the session's CSRF token in the form field {@value #CSRF_FIELD}
   * or the header {@value #CSRF_HEADER}.
   */
  public static boolean csrfValid(Context ctx, Session s) {
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null) {
      String type = ctx.contentType();
      if (type != null
          && (type.startsWith("application/x-www-form-urlencoded")
              || type.startsWith("multipart/form-data"))) {
        sent = ctx.formParam(CSRF_FIELD);
      }
    }
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8));
  }

  /** 256 random bits, URL-safe base64. */
  public String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
