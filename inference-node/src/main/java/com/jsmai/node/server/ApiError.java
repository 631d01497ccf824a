package com.jsmai.node.server;

/**
 * An error answered in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}},
 * with its HTTP status (and {@code Retry-After} seconds for 429/503).
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String type, String message, String param, String code) {
    this(status, type, message, param, code, null);
  }

  public ApiError(
      int status,
      String type,
      String message,
      String param,
      String code,
      Integer retryAfterSeconds) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400 invalid_request_error, naming the offending parameter when known. */
  public static ApiError badRequest(String message, String param) {
    return new ApiError(400, "invalid_request_error", message, param, null);
  }

  public int status() {
    return status;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Dto.ErrorResponse body() {
    return new Dto.ErrorResponse(new Dto.ErrorDetail(getMessage(), type, param, code));
  }
}
