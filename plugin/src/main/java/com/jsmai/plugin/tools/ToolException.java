package com.jsmai.plugin.tools;

/**
 * A tool failed in a way the model may be told about: the message is written for the model and must
 * hold no secret, internal address or other customer's data.
 */
public class ToolException extends Exception {
  private final Outcome outcome;
  private final String detail;

  /**
   * @param messageForModel what the model is told
   * @param detailForRecord more detail for the audit record only (secrets are scrubbed), or null
   */
  public ToolException(Outcome outcome, String messageForModel, String detailForRecord) {
    super(messageForModel);
    if (outcome == Outcome.OK || outcome == Outcome.PROPOSED) {
      throw new IllegalArgumentException("a ToolException cannot carry outcome " + outcome);
    }
    this.outcome = outcome;
    this.detail = detailForRecord;
  }

  public ToolException(Outcome outcome, String messageForModel) {
    this(outcome, messageForModel, null);
  }

  public ToolException(String messageForModel) {
    this(Outcome.ERROR, messageForModel, null);
  }

  /** Detail for the audit record, or null. */
  public String detail() {
    return detail;
  }

  public Outcome outcome() {
    return outcome;
  }
}
