package com.jsmai.plugin.llm;

/**
 * The model server refused the request itself (HTTP 4xx other than 408 and 429): the request is
 * wrong, so sending it again will not help. Unlike {@link ModelUnavailableException} this is not
 * retried by {@link OpenAiChatModel}; callers count it as a model failure.
 */
public class ModelRequestException extends RuntimeException {
  private final int status;

  public ModelRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the server answered with. */
  public int status() {
    return status;
  }
}
