package com.jsmai.plugin.settings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets stored in the settings database (Jira token, model API keys) with AES-256-GCM.
 * The key comes from configuration or the environment, never from the database, so a copied
 * database file alone reveals no credential. Each value gets a fresh 96-bit nonce; the stored form
 * is {@code v1:base64(nonce || ciphertext || tag)}. The settings path is bound as associated data,
 * so a ciphertext cannot be moved from one field to another.
 *
 * <p>Thread-safe.
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "settings encryption key must be 32 bytes (base64 of 32 random bytes), got "
              + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** From a base64 key, for example {@code openssl rand -base64 32}. */
  public static SecretBox fromBase64(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException("settings encryption key is not set (JSMAI_SETTINGS_KEY)");
    }
    try {
      return new SecretBox(Base64.getDecoder().decode(base64Key.strip()));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("settings")) throw e;
      throw new IllegalArgumentException("settings encryption key is not valid base64", e);
    }
  }

  /** A fresh random key, base64: for tests and for generating one at install time. */
  public static String newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  /** Encrypts {@code plain} bound to {@code path} (for example {@code jira.token}). */
  public String seal(String path, String plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(path.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + ct.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(ct, 0, out, nonce.length, ct.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts a value sealed for {@code path}.
   *
   * @throws IllegalArgumentException when the value was not sealed with this key for this path
   */
  public String open(String path, String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException(path + ": not an encrypted value");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      if (all.length < NONCE_BYTES + 16) throw new IllegalArgumentException(path + ": truncated");
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(path.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + ": cannot be decrypted (wrong JSMAI_SETTINGS_KEY or tampered value)", e);
    }
  }
}
