package com.jsmai.plugin.admin;

import java.util.Optional;

/** Reads JSM's customer satisfaction rating of one request. */
public interface CsatReader {
  /**
   * @param rating 1 (worst) to 5 (best)
   * @param comment the customer's comment, or null
   */
  record Csat(String issueKey, int rating, String comment) {}

  /** The rating from {@code GET /rest/servicedeskapi/request/{key}/feedback}; empty when none. */
  Optional<Csat> csat(String issueKey);

  /** Reads nothing: for deployments without a Jira connection. */
  CsatReader NONE = key -> Optional.empty();
}
