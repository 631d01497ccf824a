package com.jsmai.plugin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.plugin.testing.MutableClock;
import com.jsmai.plugin.web.PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalAdminTest {
  static final PasswordHasher HASHER = new PasswordHasher();
  static final String HASH = HASHER.hash("right password".toCharArray());

  @Test
  void authenticate_fiveWrongPasswords_locksTheNameForFifteenMinutes() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    LocalAdmin admin = new LocalAdmin("admin", HASH, HASHER, clock);
    for (int i = 0; i < 5; i++)
      assertThat(admin.authenticate("admin", "wrong".toCharArray())).isFalse();

    boolean duringLockout = admin.authenticate("admin", "right password".toCharArray());
    clock.advance(Duration.ofMinutes(16));
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
