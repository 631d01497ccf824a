package com.jsmai.plugin.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.config.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
  private final SignatureVerifier verifier =
      new SignatureVerifier(Secret.of("It's a Secret to Everybody"));
  private final byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void sign_matchesKnownHmacSha256Vector() {
    // GitHub's published webhook example: same secret, same payload, same digest.
    assertThat(verifier.sign(body))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void verify_goodSignature_trueAlsoWithUppercaseHex() {
    String sig = verifier.sign(body);

    assertThat(verifier.verify(body, sig)).isTrue();
    assertThat(verifier.verify(body, "sha256=" + sig.substring(7).toUpperCase())).isTrue();
  }

  @Test
  void verify_tamperedBodyOrBadHeader_false() {
    String sig = verifier.sign(body);

    assertThat(verifier.verify("Hello, World?".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    assertThat(verifier.verify(body, null)).isFalse();
    assertThat(verifier.verify(body, "")).isFalse();
    assertThat(verifier.verify(body, sig.substring(7))).isFalse();
    assertThat(verifier.verify(body, "sha256=not-hex")).isFalse();
    assertThat(verifier.verify(body, sig.substring(0, sig.length() - 2))).isFalse();
  }
}
