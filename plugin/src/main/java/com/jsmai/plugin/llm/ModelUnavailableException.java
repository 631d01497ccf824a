package com.jsmai.plugin.llm;

/**
 * The model could not answer: unreachable, timing out, failing with 5xx, or its circuit breaker is
 * open. The caller keeps the work pending and tries again later; it is not the caller's fault.
 */
public class ModelUnavailableException extends RuntimeException {
  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelUnavailableException(String message) {
    super(message);
  }
}
