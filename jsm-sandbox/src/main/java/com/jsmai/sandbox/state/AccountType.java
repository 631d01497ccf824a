package com.jsmai.sandbox.state;

/** Jira's {@code accountType}: a licensed user, an app (bot) account, or a portal customer. */
public enum AccountType {
  ATLASSIAN("atlassian"),
  APP("app"),
  CUSTOMER("customer");

  private final String wire;

  AccountType(String wire) {
    this.wire = wire;
  }

  /** The value Jira Cloud puts in {@code accountType}. */
  public String wire() {
    return wire;
  }
}
