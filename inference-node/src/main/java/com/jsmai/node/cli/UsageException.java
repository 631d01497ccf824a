package com.jsmai.node.cli;

/** A bad command line: {@link com.jsmai.node.Main} prints it with the usage, exit status 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
