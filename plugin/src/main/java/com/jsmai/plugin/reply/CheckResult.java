package com.jsmai.plugin.reply;

/** The verdict of an {@link InputCheck} or {@link OutputCheck}: pass, or fail with a reason. */
public record CheckResult(boolean passed, String reason) {
  private static final CheckResult PASS = new CheckResult(true, "");

  public CheckResult {
    reason = reason == null ? "" : reason;
    if (!passed && reason.isBlank()) throw new IllegalArgumentException("a failure needs a reason");
  }

  public static CheckResult pass() {
    return PASS;
  }

  public static CheckResult fail(String reason) {
    return new CheckResult(false, reason);
  }
}
