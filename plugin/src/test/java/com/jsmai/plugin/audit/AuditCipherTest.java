package com.jsmai.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Pins the on-disk format that the audit log and the flagged-inputs file share. */
class AuditCipherTest {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private final AuditCipher cipher =
      new AuditCipher(new AuditKeyRing(Map.of("k1", KEY), "k1"), "audit", "cannot decrypt");

  @Test
  void aad_timeLengthFirstSecond_bigEndianUtf8() {
    assertThat(HexFormat.of().formatHex(AuditCipher.aad(1L, "SD-1", "Ö")))
        .isEqualTo("0000000000000001" + "00000004" + "53442d31" + "c396");
  }

  @Test
  void open_valueSealedWithTheEarlierInlineGcmCode_readsBack() throws Exception {
    // What AuditLog and FlaggedInputStore wrote before this class existed: AES/GCM/NoPadding,
    // a 12-byte IV and a 128-bit tag.
    byte[] iv = new byte[12];
    byte[] aad = AuditCipher.aad(42L, "SD-1", "COMMENT");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(aad);
    byte[] sealed = c.doFinal("hello".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(cipher.open("k1", iv, aad, sealed), StandardCharsets.UTF_8))
        .isEqualTo("hello");
    assertThat(cipher.seal("k1", iv, aad, "hello".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(sealed);
  }

  @Test
  void open_otherAssociatedData_failsNamingTheKey() {
    byte[] iv = cipher.newIv();
    byte[] sealed = cipher.seal("k1", iv, AuditCipher.aad(1, "A-1", "x"), new byte[] {1});

    assertThatThrownBy(() -> cipher.open("k1", iv, AuditCipher.aad(1, "A-2", "x"), sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit decryption failed with key 'k1'");
  }

  @Test
  void key_unknownId_failsNamingIt() {
    assertThatThrownBy(() -> cipher.key("old"))
        .hasMessage("audit key 'old' is not configured; cannot decrypt");
  }
}
