package com.jsmai.plugin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.web.PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocalAdminTest {
  static final PasswordHasher HASHER = new PasswordHasher();
  static final String HASH = HASHER.hash("right password".toCharArray());

  static final class SettableClock extends Clock {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void authenticate_fiveWrongPasswords_locksTheNameForFifteenMinutes() {
    SettableClock clock = new SettableClock();
    LocalAdmin admin = new LocalAdmin("admin", HASH, HASHER, clock);
    for (int i = 0; i < 5; i++)
      assertThat(admin.authenticate("admin", "wrong".toCharArray())).isFalse();

    boolean duringLockout = admin.authenticate("admin", "right password".toCharArray());
    clock.now = clock.now.plus(Duration.ofMinutes(16));
    boolean after = admin.authenticate("admin", "right password".toCharArray());

    assertThat(duringLockout).isFalse();
    assertThat(after).isTrue();
  }

  @Test
  void constructor_plainPasswordInsteadOfHash_refused() {
    assertThatThrownBy(() -> new LocalAdmin("admin", "hunter22", HASHER, Clock.systemUTC()))
        .hasMessageContaining("pbkdf2-sha256");
  }
}
