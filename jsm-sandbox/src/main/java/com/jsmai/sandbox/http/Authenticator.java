package com.jsmai.sandbox.http;

import com.jsmai.sandbox.Flavor;
import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.StateError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Authenticates REST calls like Jira: Cloud takes {@code Basic base64(email:apiToken)}; Data Center
 * takes {@code Bearer <personal access token>} or {@code Basic base64(username:password)}. Both
 * also take {@code Bearer <OAuth 2.0 access token>} for a token the sandbox issued to a user
 * ({@link SandboxState#issueUserAccessToken}), which is how an app acts as the signed-in user.
 * Anything else is 401. Secrets are compared in constant time and never logged.
 */
final class Authenticator {
  private final SandboxState state;

  Authenticator(SandboxState state) {
    this.state = state;
  }

  Account authenticate(String header) {
    if (header == null || header.isBlank()) {
      throw unauthorized();
    }
    Flavor flavor = state.flavor();
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw unauthorized();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw unauthorized();
      }
      String user = decoded.substring(0, colon);
      String secret = decoded.substring(colon + 1);
      for (Account a : state.accounts()) {
        boolean sameUser =
            flavor.isCloud()
                ? a.email() != null
                    && a.email().toLowerCase(Locale.ROOT).equals(user.toLowerCase(Locale.ROOT))
                : a.username().equalsIgnoreCase(user);
        if (sameUser && equal(flavor.isCloud() ? a.apiToken() : a.password(), secret)) {
          return a;
        }
      }
      throw unauthorized();
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      if (!flavor.isCloud()) {
        for (Account a : state.accounts()) {
          if (equal(a.pat(), token)) {
            return a;
          }
        }
      }
      // a hash lookup on the whole token: timing reveals nothing about a token's characters
      java.util.Optional<Account> user = state.accountForUserAccessToken(token);
      if (user.isPresent()) {
        return user.get();
      }
    }
    throw unauthorized();
  }

  private static boolean equal(String expected, String given) {
    return expected != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static StateError unauthorized() {
    return new StateError(
        401, "You are not authenticated. Authentication required to perform this operation.");
  }
}
