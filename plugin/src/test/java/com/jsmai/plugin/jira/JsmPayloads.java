package com.jsmai.plugin.jira;

/**
 * Jira and JSM response bodies in the shapes of the official spec examples (CustomerRequestDTO,
 * CommentDTO, PagedDTO, IssueBean, User), trimmed to the fields that matter plus a few that do not
 * (links, avatars) so the mapping is tested against realistic noise.
 */
final class JsmPayloads {
  private JsmPayloads() {}

  static final String CLOUD_CUSTOMER =
      "qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b";

  static final String CLOUD_ISSUE =
      """
      {"expand":"renderedFields,names,schema","id":"107001","self":"https://x.atlassian.net/rest/api/3/issue/107001",
       "key":"HELPDESK-1",
       "fields":{"summary":"Where is my order?",
         "description":{"type":"doc","version":1,"content":[
           {"type":"paragraph","content":[{"type":"text","text":"My order "},
             {"type":"text","text":"1234567","marks":[{"type":"strong"}]},
             {"type":"text","text":" has not arrived."}]},
           {"type":"bulletList","content":[
             {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"ordered on Monday"}]}]},
             {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"tracking","marks":[{"type":"link","attrs":{"href":"https://track.example.com/1"}}]}]}]}]}]},
         "reporter":{"accountId":"%s","accountType":"customer","displayName":"Fred F. User","emailAddress":"fred@example.com","active":true},
         "status":{"name":"Waiting for support","id":"10001"},
         "created":"2015-10-08T14:42:00.000+0700",
         "labels":[],"priority":{"name":"Medium","id":"3"}}}
      """
          .formatted(CLOUD_CUSTOMER);

  static final String DC_ISSUE =
      """
      {"expand":"renderedFields,names,schema","id":"10100","self":"http://jira.example.com/rest/api/2/issue/10100",
       "key":"SD-7",
       "fields":{"summary":"Refund request",
         "description":"Please refund *order 7654321*.\\nSee [the receipt|https://shop.example.com/r/1].",
         "reporter":{"self":"http://jira.example.com/rest/api/2/user?username=ana","key":"JIRAUSER10200","name":"ana","displayName":"Ana Customer","emailAddress":"ana@example.com","active":true},
         "status":{"name":"Waiting for support","id":"10001"},
         "created":"2026-11-20T09:15:00.000+0000"}}
      """;

  static String request(String key, String reporterJson) {
    return """
        {"_expands":["participant","status","sla","requestType","serviceDesk","attachment","action","comment"],
         "issueId":"107001","issueKey":"%s","summary":"Where is my order?","requestTypeId":"25","serviceDeskId":"10",
         "createdDate":{"epochMillis":1444290120000,"friendly":"Monday 14:42 PM","iso8601":"2015-10-08T14:42:00+0700","jira":"2015-10-08T14:42:00.000+0700"},
         "reporter":%s,
         "requestFieldValues":[{"fieldId":"summary","label":"What do you need?","value":"Where is my order?"},
           {"fieldId":"description","label":"Why do you need this?","renderedValue":{"html":"<p>I need my <b>order</b></p>"},"value":"I need my *order*"},
           {"fieldId":"customfield_10050","label":"Order number","value":"1234567"},
           {"fieldId":"customfield_10051","label":"Channel","value":{"id":"3","value":"Web shop"}}],
         "currentStatus":{"status":"Waiting for Support","statusCategory":"NEW","statusDate":{"epochMillis":1444287660000}},
         "requestType":{"id":"25","name":"Where is my order?","serviceDeskId":"10"},
         "_links":{"web":"https://x.atlassian.net/servicedesk/customer/portal/10/%s"}}
        """
        .formatted(key, reporterJson, key);
  }

  static final String CLOUD_REPORTER =
      """
      {"accountId":"%s","emailAddress":"fred@example.com","displayName":"Fred F. User","active":true,"timeZone":"Australia/Sydney"}
      """
          .formatted(CLOUD_CUSTOMER);

  static final String DC_REPORTER =
      """
      {"key":"JIRAUSER10200","name":"ana","emailAddress":"ana@example.com","displayName":"Ana Customer","active":true}
      """;

  static String comment(String id, String body, boolean isPublic, long epochMillis) {
    return """
        {"_expands":["attachment","renderedBody"],"id":"%s","body":"%s","public":%s,
         "author":{"accountId":"%s","displayName":"Fred F. User","active":true},
         "created":{"epochMillis":%d,"friendly":"Today 10:22 AM"},
         "_links":{"self":"https://x.atlassian.net/rest/servicedeskapi/request/2000/comment/%s"}}
        """
        .formatted(id, body, isPublic, CLOUD_CUSTOMER, epochMillis, id);
  }

  static String commentPage(int start, boolean last, String... comments) {
    return """
        {"_expands":[],"size":%d,"start":%d,"limit":50,"isLastPage":%s,"_links":{},"values":[%s]}
        """
        .formatted(comments.length, start, last, String.join(",", comments));
  }

  static final String CLOUD_MYSELF =
      """
      {"self":"https://x.atlassian.net/rest/api/3/user?accountId=5b10ac8d82e05b22cc7d4ef5","accountId":"5b10ac8d82e05b22cc7d4ef5",
       "accountType":"atlassian","emailAddress":"ai-bot@example.com","displayName":"AI assistant","active":true,"timeZone":"UTC"}
      """;

  static final String DC_MYSELF =
      """
      {"self":"http://jira.example.com/rest/api/2/user?username=ai-bot","key":"JIRAUSER10000","name":"ai-bot",
       "emailAddress":"ai-bot@example.com","displayName":"AI assistant","active":true,"timeZone":"UTC"}
      """;

  static final String TRANSITIONS =
      """
      {"expand":"transitions","transitions":[{"id":"11","name":"Respond to customer","to":{"name":"Waiting for customer"}},
        {"id":"21","name":"Resolve this issue","to":{"name":"Resolved"}},{"id":"31","name":"Escalate","to":{"name":"Escalated"}}]}
      """;

  static final String SEARCH =
      """
      {"issues":[{"id":"107002","key":"HELPDESK-2","fields":{"summary":"Second order late","status":{"name":"Resolved"},
        "created":"2015-10-09T09:00:00.000+0700","description":null}},
       {"id":"107001","key":"HELPDESK-1","fields":{"summary":"Where is my order?","status":{"name":"Waiting for support"},
        "created":"2015-10-08T14:42:00.000+0700"}}],"isLast":true}
      """;
}
