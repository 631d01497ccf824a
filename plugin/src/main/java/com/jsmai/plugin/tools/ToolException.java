package com.jsmai.plugin.tools;

/**
 * A tool failed in a way the model may be told about: the message is written for the model and must
 * hold no secret, internal address or other customer's data.
 */
public class ToolException extends Exception {
  private final Outcome outcome;

  public ToolException(Outcome outcome, String messageForModel) {
    super(messageForModel);
    if (outcome == Outcome.OK || outcome == Outcome.PROPOSED) {
      throw new IllegalArgumentException("a ToolException cannot carry outcome " + outcome);
    }
    this.outcome = outcome;
  }

  public ToolException(String messageForModel) {
    this(Outcome.ERROR, messageForModel);
  }

  public Outcome outcome() {
    return outcome;
  }
}
