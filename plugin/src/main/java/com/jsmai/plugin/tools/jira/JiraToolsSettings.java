package com.jsmai.plugin.tools.jira;

import java.util.List;

/**
 * What the built-in Jira tools may offer the model. The lists become {@code enum}s in the tools'
 * schemas, so the model can only pick values the admin listed.
 *
 * @param transitions transition names the model may ask for, for example Resolve and Escalate
 * @param priorities priority names it may set
 * @param linkedRequestTypeIds request type ids it may raise linked requests of; empty leaves the
 *     create_linked_request tool out
 * @param maxRecentRequests the most of the reporter's other requests one call returns
 * @param maxNoteChars the longest internal note or comment the model may write
 */
public record JiraToolsSettings(
    List<String> transitions,
    List<String> priorities,
    List<String> linkedRequestTypeIds,
    int maxRecentRequests,
    int maxNoteChars) {

  public static final JiraToolsSettings DEFAULTS =
      new JiraToolsSettings(
          List.of("Resolve", "Escalate"),
          List.of("Highest", "High", "Medium", "Low", "Lowest"),
          List.of(),
          5,
          2000);

  public JiraToolsSettings {
    transitions = List.copyOf(transitions == null ? List.of() : transitions);
    priorities = List.copyOf(priorities == null ? List.of() : priorities);
    linkedRequestTypeIds =
        List.copyOf(linkedRequestTypeIds == null ? List.of() : linkedRequestTypeIds);
    for (String id : linkedRequestTypeIds) {
      if (!id.matches("[0-9]{1,18}")) {
        throw new IllegalArgumentException("linkedRequestTypeIds: not a request type id: " + id);
      }
    }
    if (maxRecentRequests < 1 || maxRecentRequests > 20) {
      throw new IllegalArgumentException("maxRecentRequests not in 1..20: " + maxRecentRequests);
    }
    if (maxNoteChars < 100 || maxNoteChars > 32_000) {
      throw new IllegalArgumentException("maxNoteChars not in 100..32000: " + maxNoteChars);
    }
  }
}
