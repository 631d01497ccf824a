package com.jsmai.plugin.app.guard;

/**
 * The {@code metrics} section.
 *
 * @param enabled serve the Prometheus text at {@code path}; default true
 * @param path default {@code /metrics}
 */
public record MetricsConfig(Boolean enabled, String path) {
  public MetricsConfig {
    enabled = enabled == null || enabled;
    path = path == null ? "/metrics" : path;
    if (!path.startsWith("/") || path.contains(" ")) {
      throw new IllegalArgumentException(
          "metrics.path must start with / and hold no spaces: " + path);
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(null, null);
  }
}
