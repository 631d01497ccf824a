package com.jsmai.plugin.web;

import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes for the local admin account (OWASP 2023: at least 600,000
 * iterations). Stored form: {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}, so the
 * cost can be raised later without invalidating stored hashes.
 */
public final class PasswordHasher {
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final int MIN_ITERATIONS = 600_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  public PasswordHasher(int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "PBKDF2 iterations must be at least " + MIN_ITERATIONS + ": " + iterations);
    }
    this.iterations = iterations;
  }

  /** A new hash with a fresh 16-byte salt. */
  public String hash(char[] password) {
    if (password == null || password.length < 8) {
      throw new IllegalArgumentException("an admin password needs at least 8 characters");
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] h = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
  }

  /** True when {@code password} matches {@code stored}; constant time in the hash comparison. */
  public boolean verify(char[] password, String stored) {
    if (password == null || stored == null) return false;
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) return false;
    try {
      int n = Integer.parseInt(parts[1]);
      if (n < MIN_ITERATIONS) return false;
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, n));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }

  /**
   * {@code plugin.jar hash-password}: reads one password (from the console without echo when there
   * is one, else one line of stdin) and prints its hash for {@code ui.adminPasswordHash}. A missing
   * or too short password is a message on stderr and exit status 2, not a stack trace; the password
   * itself is never printed.
   *
   * @return the process exit status
   */
  public static int hashCommand(
      java.io.Console console, java.io.InputStream in, PrintStream out, PrintStream err)
      throws java.io.IOException {
    char[] password;
    if (console != null) {
      password = console.readPassword("password: ");
    } else {
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))
              .readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length < 8) {
      err.println("a password of at least 8 characters is required on stdin");
      return 2;
    }
    try {
      out.println(new PasswordHasher().hash(password));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /**
   * Same as {@code plugin.jar hash-password}, for {@code java -cp plugin.jar ...PasswordHasher}.
   */
  public static void main(String[] args) throws Exception {
    System.exit(hashCommand(System.console(), System.in, System.out, System.err));
  }
}
