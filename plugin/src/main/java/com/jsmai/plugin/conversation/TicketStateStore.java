package com.jsmai.plugin.conversation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.jsmai.plugin.jira.JiraClient;
import java.util.Optional;

/**
 * Reads and writes {@link TicketState} as the issue property {@value #PROPERTY_KEY}.
 *
 * <p>Jira properties have no compare-and-set, so callers serialise writers per ticket (the reply
 * orchestrator holds a per-ticket lock around read-modify-write).
 */
public final class TicketStateStore {
  public static final String PROPERTY_KEY = "jsmai.assistant.state";

  /** Jira's limit on one property value, in characters. */
  static final int MAX_PROPERTY_CHARS = 32_768;

  private final JiraClient jira;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public TicketStateStore(JiraClient jira) {
    this.jira = jira;
  }

  /** A newer schema than this code understands: refuse to act rather than overwrite it. */
  public static final class UnsupportedStateException extends RuntimeException {
    UnsupportedStateException(String message) {
      super(message);
    }
  }

  /** The ticket's state, or the initial state when the property is absent. */
  public TicketState load(String issueKey) {
    Optional<JsonNode> stored = jira.getIssueProperty(issueKey, PROPERTY_KEY);
    if (stored.isEmpty() || stored.get().isNull() || stored.get().isEmpty()) {
      return TicketState.initial();
    }
    int version = stored.get().path("version").asInt(0);
    if (version > TicketState.CURRENT_VERSION) {
      throw new UnsupportedStateException(
          issueKey
              + ": property "
              + PROPERTY_KEY
              + " has version "
              + version
              + ", this build knows "
              + TicketState.CURRENT_VERSION);
    }
    try {
      return json.treeToValue(stored.get(), TicketState.class);
    } catch (Exception e) {
      throw new IllegalStateException(
          issueKey + ": property " + PROPERTY_KEY + " is not a ticket state: " + e.getMessage(), e);
    }
  }

  /** Writes the state, shrinking the summary if the JSON would pass Jira's 32 KB limit. */
  public void save(String issueKey, TicketState state) {
    // Over Jira's property limit: first the summary is cut, then (on top of that) the facts.
    TicketState fitted = state;
    JsonNode node = json.valueToTree(fitted);
    int chars = node.toString().length();
    if (chars > MAX_PROPERTY_CHARS && fitted.summary() != null) {
      TicketState.Summary s = fitted.summary();
      String shorter = s.text().substring(0, Math.min(s.text().length(), 2000));
      fitted =
          fitted.withSummary(new TicketState.Summary(shorter, s.upToTurnId(), s.turnsCovered()));
      node = json.valueToTree(fitted);
      chars = node.toString().length();
    }
    if (chars > MAX_PROPERTY_CHARS) {
      fitted = fitted.withFacts(fitted.facts().subList(0, Math.min(10, fitted.facts().size())));
      node = json.valueToTree(fitted);
    }
    jira.setIssueProperty(issueKey, PROPERTY_KEY, node);
  }

  public ObjectMapper mapper() {
    return json;
  }
}
