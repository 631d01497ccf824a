package com.jsmai.plugin.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
  final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void seal_thenOpen_roundTripsWithFreshNonce() {
    String a = box.seal("jira.token", "pat-1");
    String b = box.seal("jira.token", "pat-1");

    assertThat(a).isNotEqualTo(b).doesNotContain("pat-1");
    assertThat(box.open("jira.token", a)).isEqualTo("pat-1");
  }

  @Test
  void open_movedToAnotherField_refused() {
    String sealed = box.seal("jira.token", "pat-1");

    assertThatThrownBy(() -> box.open("models.node.apiKey", sealed))
        .hasMessageContaining("cannot be decrypted");
  }

  @Test
  void fromBase64_shortKey_refusedWithClearMessage() {
    assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
  }
}
