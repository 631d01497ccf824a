package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.audit.AuditKeyRing;
import com.jsmai.plugin.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code audit} section: the encrypted audit log.
 *
 * @param enabled write the audit log; default false, because it needs a key, which the embedded
 *     defaults cannot ship. When true, {@code keys} and {@code currentKey} are required
 * @param file the SQLite file; default {@code data/jsmai-audit.db}
 * @param retention how long records are kept; default 30 days
 * @param purgeEvery how often expired records are deleted; default 1 hour
 * @param keys key id to base64 AES key (16, 24 or 32 bytes); secrets
 * @param currentKey the key id new records are written with
 */
public record AuditConfig(
    Boolean enabled,
    Path file,
    Duration retention,
    Duration purgeEvery,
    Map<String, Secret> keys,
    String currentKey) {
  public AuditConfig {
    enabled = enabled != null && enabled;
    file = file == null ? Path.of("data/jsmai-audit.db") : file;
    retention = positive("audit.retention", retention, Duration.ofDays(30));
    purgeEvery = positive("audit.purgeEvery", purgeEvery, Duration.ofHours(1));
    keys = keys == null ? Map.of() : Map.copyOf(keys);
    if (enabled) {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(
            "audit.enabled is true but audit.keys is empty: add a base64 AES key"
                + " (openssl rand -base64 32) under an id and name it in audit.currentKey");
      }
      if (currentKey == null || !keys.containsKey(currentKey)) {
        throw new IllegalArgumentException(
            "audit.currentKey must name one of audit.keys "
                + keys.keySet()
                + ", was: "
                + currentKey);
      }
      keyRing(keys, currentKey); // validates key lengths and base64 now, not at the first write
    }
  }

  public static AuditConfig defaults() {
    return new AuditConfig(null, null, null, null, null, null);
  }

  AuditKeyRing keyRing() {
    return keyRing(keys, currentKey);
  }

  private static AuditKeyRing keyRing(Map<String, Secret> keys, String currentKey) {
    Map<String, String> plain = new LinkedHashMap<>();
    keys.forEach((id, secret) -> plain.put(id, secret.reveal()));
    return AuditKeyRing.fromBase64(plain, currentKey);
  }

  private static Duration positive(String key, Duration value, Duration fallback) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was: " + d);
    }
    return d;
  }
}
