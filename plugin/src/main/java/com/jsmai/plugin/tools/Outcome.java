package com.jsmai.plugin.tools;

import java.util.Locale;

/** How one tool call ended; recorded for every call and shown to the model as the call's status. */
public enum Outcome {
  OK,
  /** The arguments were not JSON, not an object, or did not match the schema. */
  INVALID_ARGUMENTS,
  /** The model named a tool that does not exist. */
  UNKNOWN_TOOL,
  /** A write tool the service desk's policy does not allow. */
  UNAUTHORISED,
  /** The data belongs to someone other than the ticket's reporter; nothing of it was returned. */
  NOT_OWNER,
  /** The thing asked for does not exist (told to the model exactly like {@link #NOT_OWNER}). */
  NOT_FOUND,
  TIMEOUT,
  ERROR,
  /** A write tool in {@code suggest} mode: not executed, handed to an agent for approval. */
  PROPOSED;

  /** The lower-case name used in records and tool messages, for example {@code not_owner}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
