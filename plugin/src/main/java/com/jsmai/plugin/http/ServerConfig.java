package com.jsmai.plugin.http;

import com.jsmai.plugin.config.Checks;

/**
 * The plugin's HTTP listener.
 *
 * @param host interface to bind; {@code 127.0.0.1} by default so nothing is exposed by accident
 * @param port TCP port, 0 for an ephemeral one (tests)
 */
public record ServerConfig(String host, int port) {
  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server.host must not be blank");
    }
    Checks.range("server.port", port, 0, 65535);
  }
}
