package com.jsmai.plugin.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the intake answers: an HTTP status and a small JSON body. Errors carry a stable {@code
 * error} code and a human {@code message}; acceptances carry {@code status} and the delivery id.
 */
public record IntakeResult(int httpStatus, String code, String message, String deliveryId) {

  static IntakeResult stored(String deliveryId) {
    return new IntakeResult(202, "stored", "event stored", deliveryId);
  }

  static IntakeResult duplicate(String deliveryId) {
    return new IntakeResult(200, "duplicate", "already received; not stored again", deliveryId);
  }

  static IntakeResult ignored(String why) {
    return new IntakeResult(202, "ignored", why, null);
  }

  static IntakeResult error(int status, String code, String message) {
    return new IntakeResult(status, code, message, null);
  }

  public boolean isError() {
    return httpStatus >= 400;
  }

  /** {@code {"status": ..., "deliveryId": ...}} or {@code {"error": ..., "message": ...}}. */
  public String toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (isError()) {
      o.put("error", code);
      o.put("message", message);
    } else {
      o.put("status", code);
      o.put("message", message);
      if (deliveryId != null) {
        o.put("deliveryId", deliveryId);
      }
    }
    return o.toString();
  }
}
