package com.jsmai.plugin.audit;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The audit log's AES keys by id. New records are encrypted with {@code currentKeyId}; older ones
 * stay readable while their key is still in the ring. Rotation: add a new key, make it current, run
 * {@link AuditLog#reencryptAll()}, then drop the old key from configuration.
 *
 * @param keys key id to raw AES key (16, 24 or 32 bytes)
 * @param currentKeyId the id new records use; must be in {@code keys}
 */
public record AuditKeyRing(Map<String, byte[]> keys, String currentKeyId) {
  public AuditKeyRing {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(currentKeyId, "currentKeyId");
    Map<String, byte[]> copy = new LinkedHashMap<>();
    keys.forEach(
        (id, key) -> {
          if (id == null || !id.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalArgumentException("key id must match [A-Za-z0-9._-]{1,32}: " + id);
          }
          if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException(
                "AES key '"
                    + id
                    + "' must be 16, 24 or 32 bytes, not "
                    + (key == null ? "null" : key.length));
          }
          copy.put(id, key.clone());
        });
    if (!copy.containsKey(currentKeyId)) {
      throw new IllegalArgumentException(
          "currentKeyId '" + currentKeyId + "' is not among the keys " + copy.keySet());
    }
    keys = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * From configuration: {@code ids} map each key id to its base64 text.
   *
   * @throws IllegalArgumentException naming the key id when a value is not base64
   */
  public static AuditKeyRing fromBase64(Map<String, String> base64Keys, String currentKeyId) {
    Map<String, byte[]> raw = new LinkedHashMap<>();
    base64Keys.forEach(
        (id, text) -> {
          try {
            raw.put(id, Base64.getDecoder().decode(text.trim()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("audit key '" + id + "' is not valid base64", e);
          }
        });
    return new AuditKeyRing(raw, currentKeyId);
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "AuditKeyRing[ids=" + keys.keySet() + ", current=" + currentKeyId + "]";
  }
}
