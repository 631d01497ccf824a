package com.jsmai.plugin.app;

import com.jsmai.plugin.jira.Ticket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code assistant} section: how the reply pipeline uses the tools.
 *
 * @param forcedTools the tool the model must call first, by request type: the key is {@code
 *     "<serviceDeskId>/<requestTypeId>"} or just {@code "<requestTypeId>"} (any desk); sent as a
 *     named {@code tool_choice} on the first step only
 * @param writeTools write tools the desks may use (auto mode executes them, suggest mode proposes
 *     them to an agent); empty = none (least privilege)
 * @param proposalsFile SQLite file of the write actions proposed in suggest mode
 */
public record AssistantConfig(
    Map<String, String> forcedTools, List<String> writeTools, Path proposalsFile) {
  private static final Pattern KEY = Pattern.compile("([0-9]+/)?[0-9]+");
  private static final Pattern TOOL = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  public AssistantConfig {
    forcedTools = forcedTools == null ? Map.of() : Map.copyOf(forcedTools);
    writeTools = writeTools == null ? List.of() : List.copyOf(writeTools);
    proposalsFile = proposalsFile == null ? Path.of("data/jsmai-proposals.db") : proposalsFile;
    forcedTools.forEach(
        (k, v) -> {
          if (!KEY.matcher(k).matches()) {
            throw new IllegalArgumentException(
                "assistant.forcedTools key must be \"<serviceDeskId>/<requestTypeId>\" or"
                    + " \"<requestTypeId>\", was: "
                    + k);
          }
          if (v == null || !TOOL.matcher(v).matches()) {
            throw new IllegalArgumentException(
                "assistant.forcedTools." + k + " is not a tool name: " + v);
          }
        });
    for (String t : writeTools) {
      if (t == null || !TOOL.matcher(t).matches()) {
        throw new IllegalArgumentException("assistant.writeTools: not a tool name: " + t);
      }
    }
  }

  /** The tool forced for this ticket's request type: desk-specific key first, then any desk. */
  public Optional<String> forcedToolFor(Ticket ticket) {
    if (ticket.requestTypeId() == null) return Optional.empty();
    String specific = forcedTools.get(ticket.serviceDeskId() + "/" + ticket.requestTypeId());
    return Optional.ofNullable(
        specific != null ? specific : forcedTools.get(ticket.requestTypeId()));
  }
}
