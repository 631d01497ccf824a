package com.jsmai.plugin.tools;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up a secret by name for a {@code ${secret:NAME}} reference in a tool definition, so that
 * definitions (and everything logged about them) hold names, never values.
 *
 * <p>Implementations are thread-safe and may be called on every request, so a rotated secret takes
 * effect without a restart.
 */
@FunctionalInterface
public interface SecretResolver {

  Optional<String> resolve(String name);

  /** Secrets from environment variables of the same name, for example {@code ORDERS_API_KEY}. */
  static SecretResolver fromEnvironment() {
    return name -> Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty());
  }

  /** Secrets from a fixed map (tests, or a config section already decrypted by its owner). */
  static SecretResolver of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
