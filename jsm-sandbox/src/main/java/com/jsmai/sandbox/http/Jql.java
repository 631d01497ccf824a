package com.jsmai.sandbox.http;

import com.jsmai.sandbox.state.Account;
import com.jsmai.sandbox.state.Issue;
import com.jsmai.sandbox.state.SandboxState;
import com.jsmai.sandbox.state.StateError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small JQL subset a support assistant needs: clauses on {@code project}, {@code reporter},
 * {@code status}, {@code key}/{@code issuekey}, {@code labels} with {@code =}, {@code !=}, {@code
 * in (...)}, {@code summary ~ "text"}, joined by {@code AND}, then {@code ORDER BY
 * created|updated|key [ASC|DESC]}. Anything else is a 400 naming the clause, as Jira does for bad
 * JQL.
 */
final class Jql {
  private static final Pattern ORDER =
      Pattern.compile("(?i)\\s+order\\s+by\\s+(\\w+)(\\s+(asc|desc))?\\s*$");
  private static final Pattern CLAUSE =
      Pattern.compile(
          "(?i)^\\s*(project|reporter|status|key|issuekey|labels|summary)\\s*(=|!=|~|\\bnot\\s+in\\b|\\bin\\b)\\s*(.+?)\\s*$");

  private Jql() {}

  static List<Issue> search(SandboxState state, Account caller, String jql) {
    String query = jql == null ? "" : jql.trim();
    Comparator<Issue> order =
        Comparator.comparing(Issue::created).thenComparing(Issue::id).reversed();
    Matcher m = ORDER.matcher(" " + query);
    if (m.find()) {
      query = (" " + query).substring(0, m.start()).trim();
      Comparator<Issue> by =
          switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "created" -> Comparator.comparing(Issue::created).thenComparing(Issue::id);
            case "updated" -> Comparator.comparing(Issue::updated).thenComparing(Issue::id);
            case "key", "issuekey", "id" -> Comparator.comparing(Issue::id);
            default ->
                throw bad("Field '" + m.group(1) + "' cannot be used in ORDER BY in the sandbox.");
          };
      order = "asc".equalsIgnoreCase(m.group(3)) ? by : by.reversed();
    } else if (query.toLowerCase(Locale.ROOT).startsWith("order by")) {
      return search(state, caller, "project = SD " + query);
    }
    List<Predicate<Issue>> filters = new ArrayList<>();
    if (!query.isEmpty()) {
      for (String clause : query.split("(?i)\\s+and\\s+")) {
        filters.add(clause(state, caller, clause));
      }
    }
    if (caller.isCustomer()) {
      return List.of();
    }
    return state.issues().stream()
        .filter(i -> filters.stream().allMatch(f -> f.test(i)))
        .sorted(order)
        .toList();
  }

  private static Predicate<Issue> clause(SandboxState state, Account caller, String clause) {
    Matcher m = CLAUSE.matcher(clause);
    if (!m.matches()) {
      throw bad("Error in the JQL Query: the sandbox does not understand '" + clause.trim() + "'.");
    }
    String field = m.group(1).toLowerCase(Locale.ROOT);
    String op = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    List<String> values = values(m.group(3), op.endsWith("in"));
    if (field.equals("summary")) {
      if (!op.equals("~")) {
        throw bad("The operator '" + op + "' is not supported by the 'summary' field.");
      }
      String needle = values.get(0).toLowerCase(Locale.ROOT).replace("*", "");
      return i -> i.summary().toLowerCase(Locale.ROOT).contains(needle);
    }
    if (op.equals("~")) {
      throw bad("The operator '~' is not supported by the '" + field + "' field.");
    }
    List<String> wanted = new ArrayList<>();
    for (String v : values) {
      if (field.equals("reporter")) {
        String id =
            v.equalsIgnoreCase("currentUser()")
                ? caller.accountId()
                : state.findAccount(v).map(Account::accountId).orElse("\u0000" + v);
        wanted.add(id);
      } else {
        wanted.add(v.toLowerCase(Locale.ROOT));
      }
    }
    Predicate<Issue> matches =
        switch (field) {
          case "project" -> i -> wanted.contains(i.projectKey().toLowerCase(Locale.ROOT));
          case "reporter" -> i -> wanted.contains(i.reporterId());
          case "status" -> i -> wanted.contains(i.status().toLowerCase(Locale.ROOT));
          case "key", "issuekey" -> i -> wanted.contains(i.key().toLowerCase(Locale.ROOT));
          default ->
              i -> i.labels().stream().anyMatch(l -> wanted.contains(l.toLowerCase(Locale.ROOT)));
        };
    return op.equals("!=") || op.equals("not in") ? matches.negate() : matches;
  }

  private static List<String> values(String raw, boolean list) {
    String s = raw.trim();
    List<String> out = new ArrayList<>();
    if (list) {
      if (!s.startsWith("(") || !s.endsWith(")")) {
        throw bad("Error in the JQL Query: expected a list in parentheses, got " + s + ".");
      }
      for (String part : s.substring(1, s.length() - 1).split(",")) {
        out.add(unquote(part));
      }
    } else {
      out.add(unquote(s));
    }
    return out;
  }

  private static String unquote(String v) {
    String t = v.trim();
    if (t.length() >= 2
        && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static StateError bad(String message) {
    return new StateError(400, message);
  }
}
