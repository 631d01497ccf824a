package com.jsmai.plugin.inbox;

/**
 * Finds an issue's key from its numeric id: the fetch fallback for Data Center comment events that
 * carry neither an {@code issue} object nor the {@code ${issue.key}} URL variable.
 */
@FunctionalInterface
public interface IssueKeyResolver {
  String issueKeyOf(String issueId) throws Exception;

  /**
   * For deployments that always get the key: an id-only event fails (and is retried, then dead).
   */
  IssueKeyResolver NONE =
      id -> {
        throw new IllegalStateException(
            "event carries only issue id "
                + id
                + " and no Jira client is configured to resolve it");
      };
}
