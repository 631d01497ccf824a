package com.jsmai.sandbox.state;

import java.util.Map;

/**
 * A refusal with the HTTP status Jira would answer, rendered by the HTTP layer in the shape of the
 * API that was called (servicedeskapi {@code ErrorResponse} or platform {@code errorMessages}).
 */
public final class StateError extends RuntimeException {
  private final int status;
  private final Map<String, String> fieldErrors;

  public StateError(int status, String message) {
    this(status, message, Map.of());
  }

  public StateError(int status, String message, Map<String, String> fieldErrors) {
    super(message);
    this.status = status;
    this.fieldErrors = Map.copyOf(fieldErrors);
  }

  public int status() {
    return status;
  }

  /** Errors keyed by field id (the platform API's {@code errors} object). */
  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }

  public static StateError notFound(String message) {
    return new StateError(404, message);
  }

  public static StateError badRequest(String message) {
    return new StateError(400, message);
  }

  public static StateError forbidden(String message) {
    return new StateError(403, message);
  }
}
