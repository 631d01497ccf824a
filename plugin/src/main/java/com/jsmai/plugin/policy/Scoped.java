package com.jsmai.plugin.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A setting that can differ per service desk and per request type. Lookup order: the exact (desk,
 * request type) pair, then the desk, then the global default; so an admin overrides only what
 * differs.
 *
 * <p>Immutable and thread-safe.
 */
public final class Scoped<T> {
  private final T global;
  private final Map<String, T> byDesk;
  private final Map<String, T> byRequestType;

  private Scoped(T global, Map<String, T> byDesk, Map<String, T> byRequestType) {
    this.global = Objects.requireNonNull(global, "global default");
    this.byDesk = Map.copyOf(byDesk);
    this.byRequestType = Map.copyOf(byRequestType);
  }

  public static <T> Scoped<T> of(T global) {
    return new Scoped<>(global, Map.of(), Map.of());
  }

  /** A copy where desk {@code serviceDeskId} uses {@code value}. */
  public Scoped<T> forDesk(String serviceDeskId, T value) {
    Map<String, T> desks = new HashMap<>(byDesk);
    desks.put(
        Objects.requireNonNull(serviceDeskId, "serviceDeskId"), Objects.requireNonNull(value));
    return new Scoped<>(global, desks, byRequestType);
  }

  /** A copy where request type {@code requestTypeId} of desk {@code serviceDeskId} uses it. */
  public Scoped<T> forRequestType(String serviceDeskId, String requestTypeId, T value) {
    Map<String, T> types = new HashMap<>(byRequestType);
    types.put(key(serviceDeskId, requestTypeId), Objects.requireNonNull(value));
    return new Scoped<>(global, byDesk, types);
  }

  public T resolve(String serviceDeskId, String requestTypeId) {
    T exact = byRequestType.get(key(serviceDeskId, requestTypeId));
    if (exact != null) return exact;
    T desk = serviceDeskId == null ? null : byDesk.get(serviceDeskId);
    return desk != null ? desk : global;
  }

  private static String key(String desk, String type) {
    return desk + "/" + type;
  }
}
