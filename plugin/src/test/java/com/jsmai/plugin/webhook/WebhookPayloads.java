package com.jsmai.plugin.webhook;

/** Webhook bodies in the shapes Jira Cloud and Data Center send (see docs/webhooks.md). */
final class WebhookPayloads {
  private WebhookPayloads() {}

  static String cloudCommentCreated(String commentId) {
    return """
        {"timestamp":1516745644071,"webhookEvent":"comment_created",
         "comment":{"self":"https://x.atlassian.net/rest/api/2/issue/38747/comment/%s","id":"%s",
           "author":{"accountId":"qm:1a2b:ana","accountType":"customer","displayName":"Ana","active":true},
           "body":"My order 1234567 has not arrived","created":"2018-01-23T23:34:04.071+0000",
           "jsdPublic":true,"jsdAuthorCanSeeRequest":false},
         "issue":{"id":"38747","key":"SD-1","self":"https://x.atlassian.net/rest/api/2/38747",
           "fields":{"summary":"Where is my order?","issuetype":{"name":"Support"},"project":{"key":"SD"},
             "status":{"name":"Waiting for support"},"priority":{"name":"Medium"},"assignee":null}}}
        """
        .formatted(commentId, commentId);
  }

  static final String CLOUD_ISSUE_CREATED =
      """
      {"timestamp":1516745600000,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created",
       "user":{"accountId":"qm:1a2b:ana","accountType":"customer","displayName":"Ana"},
       "issue":{"id":"38747","key":"SD-1","self":"https://x.atlassian.net/rest/api/2/38747",
         "fields":{"summary":"Where is my order?","description":"Order 1234567","reporter":{"accountId":"qm:1a2b:ana"}}}}
      """;

  /** Data Center comment_created: no issue object at all. */
  static String dcCommentCreated(String issueId, String commentId) {
    return """
        {"timestamp":1732180000000,"webhookEvent":"comment_created",
         "comment":{"self":"http://jira.example.com/rest/api/2/issue/%s/comment/%s","id":"%s",
           "author":{"self":"http://jira.example.com/rest/api/2/user?username=ana","name":"ana","key":"JIRAUSER10200","displayName":"Ana Customer"},
           "body":"Any news on *order 7654321*?",
           "updateAuthor":{"name":"ana","key":"JIRAUSER10200"},
           "created":"2026-11-21T09:00:00.000+0000","updated":"2026-11-21T09:00:00.000+0000"}}
        """
        .formatted(issueId, commentId, commentId);
  }

  static String dcIssueCommented(String issueId, String commentId) {
    return """
        {"timestamp":1732180000100,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_commented",
         "user":{"name":"ana","key":"JIRAUSER10200"},
         "issue":{"id":"%s","key":"SD-7","self":"http://jira.example.com/rest/api/2/issue/%s",
           "fields":{"summary":"Refund request","status":{"name":"Waiting for support"}}},
         "comment":{"self":"http://jira.example.com/rest/api/2/issue/%s/comment/%s","id":"%s",
           "author":{"name":"ana","key":"JIRAUSER10200"},"body":"Any news?",
           "created":"2026-11-21T09:00:00.000+0000"}}
        """
        .formatted(issueId, issueId, issueId, commentId, commentId);
  }

  static final String DC_ISSUE_UPDATED_FIELD =
      """
      {"timestamp":1732180000200,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_generic",
       "issue":{"id":"10100","key":"SD-7","fields":{}},"changelog":{"items":[{"field":"priority"}]}}
      """;
}
