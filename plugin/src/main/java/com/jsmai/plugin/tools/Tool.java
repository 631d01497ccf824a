package com.jsmai.plugin.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.llm.ToolSpec;

/**
 * A function the model may call while answering a ticket: an admin-configured HTTP tool, or one of
 * the built-in Jira tools.
 *
 * <p>The {@link ToolExecutor} does everything generic before {@link #execute} is reached: it parses
 * and schema-validates the arguments, authorises the call against the service desk's policy, bounds
 * it with a timeout and records it. An implementation therefore only does its one job, and may
 * assume {@code arguments} is a JSON object that matches {@link ToolSpec#parameters()}.
 *
 * <p>Implementations are thread-safe: several calls of one tool run concurrently.
 */
public interface Tool {

  /** What a tool does to the world; decides whether the service desk's policy must allow it. */
  enum Effect {
    /** Reads only; always allowed. */
    READ,
    /** Changes something (a comment, a status, an order): allowed only by the policy. */
    WRITE
  }

  /** Name, description and JSON-Schema parameters, exactly as offered to the model. */
  ToolSpec spec();

  Effect effect();

  /**
   * Runs the call. Throw {@link ToolException} for a failure whose message the model may read (it
   * goes back as a tool error); any other exception is reported to the model only as "the tool
   * failed", with details kept for the audit record.
   *
   * @param arguments a JSON object valid against {@code spec().parameters()}
   * @param context the ticket, its reporter and the policy the call runs under
   */
  ToolResult execute(JsonNode arguments, ToolContext context) throws Exception;

  default String name() {
    return spec().name();
  }
}
