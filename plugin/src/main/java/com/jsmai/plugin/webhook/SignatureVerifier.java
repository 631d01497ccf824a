package com.jsmai.plugin.webhook;

import com.jsmai.plugin.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Jira's {@code X-Hub-Signature: sha256=<hex>}: HMAC-SHA256 of the raw body keyed with the
 * webhook secret (WebSub {@code method=signature}). Runs on the bytes as received, before any
 * parsing, and compares in constant time. Thread-safe.
 */
public final class SignatureVerifier {
  private static final String PREFIX = "sha256=";
  private final SecretKeySpec key;

  public SignatureVerifier(Secret secret) {
    this.key = new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** True when {@code header} is a well-formed {@code sha256=} signature of {@code body}. */
  public boolean verify(byte[] body, String header) {
    if (header == null) {
      return false;
    }
    String h = header.trim();
    if (!h.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(body), given);
  }

  /** The header value Jira would send for {@code body}: used by tests and the benchmark. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(body));
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
