package com.jsmai.plugin.inbox;

/** The inbox file could not be read or written. */
public final class InboxException extends RuntimeException {
  public InboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
