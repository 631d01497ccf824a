package com.jsmai.plugin.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM under an {@link AuditKeyRing}: one implementation for every file whose content columns
 * the audit keys protect (the audit log, the flagged inputs), so that they share one format: a
 * fresh 12-byte IV per value, a 128-bit tag, and associated data binding the clear columns that
 * identify the row ({@link #aad}). Changing anything here changes the on-disk format of those
 * files; rows written before must still open.
 *
 * <p>Thread-safe.
 */
public final class AuditCipher {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final AuditKeyRing keys;
  private final String subject;
  private final String missingKeyConsequence;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys the key ring
   * @param subject what is encrypted, first word of error messages (e.g. {@code "audit"})
   * @param missingKeyConsequence what fails when a row's key is not configured, ending that error
   *     message (e.g. {@code "cannot decrypt"})
   */
  public AuditCipher(AuditKeyRing keys, String subject, String missingKeyConsequence) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.missingKeyConsequence =
        Objects.requireNonNull(missingKeyConsequence, "missingKeyConsequence");
  }

  /** A fresh random IV; never reuse one with the same key. */
  public byte[] newIv() {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    return iv;
  }

  /** Encrypts {@code plain} under key {@code keyId}, authenticating {@code aad} too. */
  public byte[] seal(String keyId, byte[] iv, byte[] aad, byte[] plain) {
    return crypt(Cipher.ENCRYPT_MODE, keyId, iv, aad, plain);
  }

  /**
   * Decrypts what {@link #seal} returned.
   *
   * @throws IllegalStateException naming the key when the row was tampered with (content or
   *     associated data) or the key is wrong
   */
  public byte[] open(String keyId, byte[] iv, byte[] aad, byte[] sealed) {
    return crypt(Cipher.DECRYPT_MODE, keyId, iv, aad, sealed);
  }

  /**
   * The AES key with id {@code keyId}.
   *
   * @throws IllegalStateException naming the key id when it is not configured
   */
  public SecretKey key(String keyId) {
    byte[] raw = keys.keys().get(keyId);
    if (raw == null) {
      throw new IllegalStateException(
          "audit key '" + keyId + "' is not configured; " + missingKeyConsequence);
    }
    return new SecretKeySpec(raw, "AES");
  }

  /**
   * Associated data binding a row's clear columns: {@code ts} (8 bytes, big-endian), the UTF-8
   * length of {@code first} (4 bytes), {@code first}, then {@code second}, both UTF-8. The length
   * prefix keeps ("ab","c") and ("a","bc") apart.
   */
  public static byte[] aad(long ts, String first, String second) {
    byte[] a = first.getBytes(StandardCharsets.UTF_8);
    byte[] b = second.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 4 + a.length + b.length)
        .putLong(ts)
        .putInt(a.length)
        .put(a)
        .put(b)
        .array();
  }

  private byte[] crypt(int mode, String keyId, byte[] iv, byte[] aad, byte[] input) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key(keyId), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad);
      return c.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          subject
              + " "
              + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
              + " failed with key '"
              + keyId
              + "' (tampered row or wrong key): "
              + e,
          e);
    }
  }
}
