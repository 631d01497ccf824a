package com.jsmai.plugin.admin;

import com.jsmai.plugin.web.PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local admin account of the standalone demo: one user name and a PBKDF2 hash (make one with
 * {@code java -cp plugin.jar com.jsmai.plugin.web.PasswordHasher}). After five wrong passwords for
 * a name, sign-in for that name is refused for fifteen minutes, so the hash cost is not the only
 * brake on guessing.
 *
 * <p>Thread-safe.
 */
public final class LocalAdmin {
  private static final int MAX_FAILURES = 5;
  private static final Duration LOCKOUT = Duration.ofMinutes(15);
  private final String user;
  private final String passwordHash;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  private record Failures(int count, Instant since) {}

  public LocalAdmin(String user, String passwordHash, PasswordHasher hasher, Clock clock) {
    if (user == null || user.isBlank())
      throw new IllegalArgumentException("admin user must be set");
    if (passwordHash == null || !passwordHash.startsWith("pbkdf2-sha256$")) {
      throw new IllegalArgumentException(
          "admin password hash must be a pbkdf2-sha256 hash (see docs/admin.md), not a password");
    }
    this.user = user;
    this.passwordHash = passwordHash;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** True for the right name and password; always spends the hash cost, even for a wrong name. */
  public boolean authenticate(String name, char[] password) {
    String k = name == null ? "" : name;
    Failures f = failures.get(k);
    if (f != null
        && f.count() >= MAX_FAILURES
        && clock.instant().isBefore(f.since().plus(LOCKOUT))) {
      return false;
    }
    boolean ok = hasher.verify(password, passwordHash) && user.equals(name);
    if (ok) {
      failures.remove(k);
    } else {
      if (failures.size() > 10_000) failures.clear(); // names are attacker-chosen: bound the map
      failures.merge(
          k,
          new Failures(1, clock.instant()),
          (a, b) ->
              clock.instant().isAfter(a.since().plus(LOCKOUT))
                  ? b
                  : new Failures(a.count() + 1, a.since()));
    }
    return ok;
  }

  public String user() {
    return user;
  }
}
