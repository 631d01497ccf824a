package com.jsmai.plugin.settings;

/** A change was refused; the message names the setting and says what is wrong. */
public final class SettingsException extends IllegalArgumentException {
  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
