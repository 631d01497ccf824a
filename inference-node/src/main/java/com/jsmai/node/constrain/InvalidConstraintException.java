package com.jsmai.node.constrain;

/**
 * A schema, tool list or budget that the constrained decoder cannot guarantee: malformed schema, an
 * unsupported keyword, an unsatisfiable combination, or {@code max_tokens} too small for the
 * shortest valid output. The server maps it to HTTP 400 with {@link #getMessage()} as the reason.
 */
public final class InvalidConstraintException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConstraintException(String message) {
    super(message);
  }
}
