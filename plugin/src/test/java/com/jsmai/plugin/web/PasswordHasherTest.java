package com.jsmai.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hash_thenVerify_acceptsOnlyTheRightPassword() {
    String h = hasher.hash("correct horse".toCharArray());

    assertThat(h).startsWith("pbkdf2-sha256$600000$");
    assertThat(hasher.verify("correct horse".toCharArray(), h)).isTrue();
    assertThat(hasher.verify("correct hors".toCharArray(), h)).isFalse();
  }

  @Test
  void verify_weakIterationCount_refused() {
    String weak =
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    assertThat(hasher.verify("x".toCharArray(), weak)).isFalse();
  }

  @Test
  void constructor_belowOwaspMinimum_refused() {
    assertThatThrownBy(() -> new PasswordHasher(10_000)).hasMessageContaining("600000");
  }
}
