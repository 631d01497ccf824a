package com.jsmai.plugin.audit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged or audited: HTTP authorization headers, bearer and
 * basic credentials, JWTs, Atlassian, OpenAI, GitHub, Slack, AWS and Google keys, private-key
 * blocks, URL user-info, and {@code password=}/{@code token:}-style assignments in text, JSON and
 * query strings. Each secret becomes {@code [REDACTED]}; the surrounding text stays readable.
 * Stateless and thread-safe.
 */
public final class SecretRedactor {
  private SecretRedactor() {}

  public static final String MASK = "[REDACTED]";

  private record Rule(Pattern pattern, int group) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              Pattern.compile(
                  "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"),
              0),
          // Authorization: Bearer xyz / Basic xyz / token xyz (header or free text).
          new Rule(
              Pattern.compile(
                  "(?i)(?:authorization|proxy-authorization)[\"']?\\s*[:=]\\s*\"?((?:bearer|basic|token|"
                      + "digest)\\s+[^\\s\",}]+|[^\\s\",}]+)"),
              1),
          new Rule(Pattern.compile("(?i)\\b(?:bearer|basic)\\s+([A-Za-z0-9._~+/=-]{12,})"), 1),
          // JSON Web Tokens.
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
              0),
          // Vendor key shapes: Atlassian API tokens, OpenAI, GitHub, Slack, AWS, Google.
          new Rule(Pattern.compile("\\bATATT[A-Za-z0-9_=-]{20,}"), 0),
          new Rule(Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}"), 0),
          new Rule(Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"), 0),
          new Rule(Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), 0),
          new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"), 0),
          new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"), 0),
          // https://user:secret@host
          new Rule(Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:([^@\\s/]+)@"), 1),
          // key=value, key: value, "key": "value" for secret-looking keys.
          new Rule(
              Pattern.compile(
                  "(?i)[\"']?\\b(?:[a-z0-9_-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|"
                      + "access[_-]?key|private[_-]?key|client[_-]?secret|session[_-]?id|"
                      + "signing[_-]?key|encryption[_-]?key|webhook[_-]?secret|credentials?))[\"']?"
                      + "\\s*[:=]\\s*\"?([^\\s\",&}]{3,})"),
              1));

  /** The text with every secret replaced by {@link #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) return text;
    String s = text;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(s);
      StringBuilder out = new StringBuilder();
      int last = 0;
      boolean any = false;
      while (m.find()) {
        int start = m.start(rule.group());
        int end = m.end(rule.group());
        if (start < 0 || s.startsWith(MASK, start)) continue;
        out.append(s, last, start).append(MASK);
        last = end;
        any = true;
      }
      if (any) s = out.append(s, last, s.length()).toString();
    }
    return s;
  }
}
