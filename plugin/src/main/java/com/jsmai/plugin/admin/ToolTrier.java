package com.jsmai.plugin.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolException;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolResult;
import com.jsmai.plugin.tools.http.AddressPolicy;
import com.jsmai.plugin.tools.http.HttpToolDefinition;
import com.jsmai.plugin.tools.http.HttpTools;

/**
 * Runs one HTTP tool definition once for the admin's "try it" button, under the same address policy
 * and secrets the service uses for the model's calls (so a definition that would be refused in
 * production is refused here too). Only {@code read} tools can be tried.
 */
public final class ToolTrier {
  private final HttpTools tools;

  public ToolTrier(AddressPolicy addresses, Secrets secrets) {
    this.tools = new HttpTools(addresses, secrets);
  }

  /** The tool's result, or a failed result explaining why the call did not run. */
  public ToolResult tryIt(HttpToolDefinition definition, JsonNode arguments, Ticket ticket) {
    if (definition.effect() != com.jsmai.plugin.tools.Tool.Effect.READ) {
      return ToolResult.failed(
          com.jsmai.plugin.tools.Outcome.UNAUTHORISED,
          "only read tools can be tried from the admin screen");
    }
    try {
      return tools
          .create(definition)
          .execute(arguments, new ToolContext(ticket, ToolPolicy.readOnly()));
    } catch (ToolException e) {
      return ToolResult.failed(e.outcome(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return ToolResult.failed(com.jsmai.plugin.tools.Outcome.ERROR, e.getMessage());
    }
  }
}
