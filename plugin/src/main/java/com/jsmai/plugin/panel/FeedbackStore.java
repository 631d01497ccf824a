package com.jsmai.plugin.panel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.inbox.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every suggestion the panel made and what the agent did with it: inserted (public or internal,
 * edited or not), rated up or down with a reason. One SQLite row per suggestion; acceptance per
 * service desk is {@code inserted / suggested}. The stored prompt (the messages the model saw, as
 * JSON) makes a rated row a training example.
 *
 * <p>Thread-safe.
 */
public final class FeedbackStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private final Clock clock;
  private volatile java.util.function.Consumer<String> decisions = d -> {};

  /**
   * Called with {@code accepted}, {@code edited} (the agent inserted the suggestion, changed or
   * not) or {@code rejected} (thumbs down on a suggestion never inserted); for the guard rails'
   * metrics.
   */
  public void onDecision(java.util.function.Consumer<String> listener) {
    this.decisions = java.util.Objects.requireNonNull(listener, "listener");
  }

  private void decided(String decision) {
    try {
      decisions.accept(decision);
    } catch (RuntimeException e) {
      // metrics must never fail the agent's action
    }
  }

  /** One suggestion and its outcome. */
  public record Row(
      String id,
      Instant at,
      String issueKey,
      String serviceDeskId,
      String requestTypeId,
      String agent,
      String promptJson,
      String suggestion,
      String finalText,
      String insertedAs,
      Integer rating,
      String reason) {
    /** True when the agent changed the text before inserting it. */
    public boolean edited() {
      return finalText != null
          && !finalText.strip().equals(suggestion == null ? "" : suggestion.strip());
    }
  }

  /** Acceptance for one service desk. */
  public record DeskStats(
      String serviceDeskId, int suggested, int inserted, int edited, int thumbsUp, int thumbsDown) {
    public double acceptanceRate() {
      return suggested == 0 ? 0 : (double) inserted / suggested;
    }
  }

  private FeedbackStore(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public static FeedbackStore open(Path file, Clock clock) {
    try {
      Connection c = SqliteFiles.open(file, "journal_mode=WAL");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS suggestion ("
                + " id TEXT PRIMARY KEY, created_at TEXT NOT NULL, issue_key TEXT NOT NULL,"
                + " service_desk_id TEXT, request_type_id TEXT, agent TEXT NOT NULL,"
                + " prompt_json TEXT NOT NULL, suggestion TEXT NOT NULL, final_text TEXT,"
                + " inserted_as TEXT, rating INTEGER, reason TEXT)");
      }
      return new FeedbackStore(c, clock);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open feedback store " + file + ": " + e, e);
    }
  }

  /** Records a generated suggestion; returns its id. */
  public synchronized String suggested(
      String issueKey,
      String serviceDeskId,
      String requestTypeId,
      String agent,
      String promptJson,
      String suggestion) {
    String id = UUID.randomUUID().toString();
    update(
        "INSERT INTO suggestion(id, created_at, issue_key, service_desk_id, request_type_id,"
            + " agent, prompt_json, suggestion) VALUES (?,?,?,?,?,?,?,?)",
        id,
        clock.instant().toString(),
        issueKey,
        serviceDeskId,
        requestTypeId,
        agent,
        promptJson,
        suggestion);
    return id;
  }

  /** The agent inserted the (maybe edited) suggestion as {@code public} or {@code internal}. */
  public synchronized void inserted(String id, String finalText, boolean isPublic) {
    update(
        "UPDATE suggestion SET final_text = ?, inserted_as = ? WHERE id = ?",
        finalText,
        isPublic ? "public" : "internal",
        id);
    find(id).ifPresent(r -> decided(r.edited() ? "edited" : "accepted"));
  }

  /** Thumbs up (+1) or down (-1), with an optional reason. */
  public synchronized void rated(String id, int rating, String reason) {
    if (rating != 1 && rating != -1) throw new IllegalArgumentException("rating must be 1 or -1");
    update("UPDATE suggestion SET rating = ?, reason = ? WHERE id = ?", rating, reason, id);
    if (rating == -1) {
      find(id).filter(r -> r.insertedAs() == null).ifPresent(r -> decided("rejected"));
    }
  }

  public synchronized Optional<Row> find(String id) {
    List<Row> rows = query("SELECT * FROM suggestion WHERE id = ?", id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public synchronized List<Row> all() {
    return query("SELECT * FROM suggestion ORDER BY created_at");
  }

  /** Acceptance counts per service desk. */
  public synchronized List<DeskStats> stats() {
    List<DeskStats> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT COALESCE(service_desk_id, '?'), COUNT(*),"
                + " SUM(inserted_as IS NOT NULL),"
                + " SUM(inserted_as IS NOT NULL AND TRIM(final_text) <> TRIM(suggestion)),"
                + " SUM(rating = 1), SUM(rating = -1)"
                + " FROM suggestion GROUP BY 1 ORDER BY 1")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DeskStats(
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getInt(3),
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getInt(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("feedback stats: " + e.getMessage(), e);
    }
  }

  /**
   * One chat-format training example per line for rows that were rated or inserted: the prompt
   * messages plus the reply the agent actually sent (or the suggestion when not sent), with the
   * rating, the agent's edit and the customer's CSAT in {@code metadata}.
   *
   * @param csat CSAT rating (1-5) by issue key, or null when unknown
   */
  public synchronized String exportJsonl(java.util.function.Function<String, Integer> csat) {
    StringBuilder out = new StringBuilder();
    for (Row r : all()) {
      if (r.rating() == null && r.insertedAs() == null) continue;
      try {
        ObjectNode line = JSON.createObjectNode();
        ArrayNode messages = (ArrayNode) JSON.readTree(r.promptJson());
        ObjectNode answer = messages.addObject();
        answer.put("role", "assistant");
        answer.put("content", r.finalText() != null ? r.finalText() : r.suggestion());
        line.set("messages", messages);
        ObjectNode meta = line.putObject("metadata");
        meta.put("issue_key", r.issueKey());
        meta.put("service_desk_id", r.serviceDeskId());
        if (r.rating() != null) meta.put("rating", r.rating());
        if (r.reason() != null && !r.reason().isBlank()) meta.put("reason", r.reason());
        meta.put("inserted_as", r.insertedAs());
        meta.put("agent_edited", r.edited());
        if (r.edited()) meta.put("model_suggestion", r.suggestion());
        Integer score = csat == null ? null : csat.apply(r.issueKey());
        if (score != null) meta.put("csat", score);
        out.append(JSON.writeValueAsString(line)).append('\n');
      } catch (java.io.IOException e) {
        throw new IllegalStateException("stored prompt of " + r.id() + " is not JSON", e);
      }
    }
    return out.toString();
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("feedback: " + e.getMessage(), e);
    }
  }

  private List<Row> query(String sql, Object... args) {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object rating = rs.getObject("rating");
          out.add(
              new Row(
                  rs.getString("id"),
                  Instant.parse(rs.getString("created_at")),
                  rs.getString("issue_key"),
                  rs.getString("service_desk_id"),
                  rs.getString("request_type_id"),
                  rs.getString("agent"),
                  rs.getString("prompt_json"),
                  rs.getString("suggestion"),
                  rs.getString("final_text"),
                  rs.getString("inserted_as"),
                  rating == null ? null : ((Number) rating).intValue(),
                  rs.getString("reason")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("feedback: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing; nothing to recover
    }
  }
}
