package com.jsmai.plugin.config;

/** The configuration cannot be used; the message names the key and the file (never a secret). */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
