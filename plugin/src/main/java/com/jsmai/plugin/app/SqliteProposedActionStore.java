package com.jsmai.plugin.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.inbox.SqliteFiles;
import com.jsmai.plugin.tools.ProposedAction;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ProposedActionStore} in a small SQLite file of its own (one connection, serialised: a
 * proposal is rare, a few per ticket at most).
 */
public final class SqliteProposedActionStore implements ProposedActionStore, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection connection;

  private SqliteProposedActionStore(Connection connection) {
    this.connection = connection;
  }

  public static SqliteProposedActionStore open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Connection c = SqliteFiles.open(file, "journal_mode=WAL", "busy_timeout=5000");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS proposed_actions ("
                + " id TEXT PRIMARY KEY, ticket_key TEXT NOT NULL, tool_call_id TEXT,"
                + " tool TEXT NOT NULL, arguments TEXT NOT NULL, proposed_at INTEGER NOT NULL,"
                + " status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),"
                + " decided_by TEXT, decided_at INTEGER)");
        s.execute(
            "CREATE INDEX IF NOT EXISTS proposed_actions_ticket"
                + " ON proposed_actions (ticket_key, status, proposed_at)");
      }
      return new SqliteProposedActionStore(c);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open proposed-actions store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void propose(ProposedAction a) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO proposed_actions"
                + " (id, ticket_key, tool_call_id, tool, arguments, proposed_at, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING')")) {
      ps.setString(1, a.id());
      ps.setString(2, a.ticketKey());
      ps.setString(3, a.toolCallId());
      ps.setString(4, a.tool());
      ps.setString(5, JSON.writeValueAsString(a.arguments()));
      ps.setLong(6, a.proposedAt().toEpochMilli());
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot store proposed action " + a.id(), e);
    }
  }

  @Override
  public synchronized List<Entry> pending(String ticketKey) {
    return query(
        "SELECT * FROM proposed_actions WHERE ticket_key = ? AND status = 'PENDING'"
            + " ORDER BY proposed_at, id",
        ticketKey);
  }

  @Override
  public synchronized Optional<Entry> find(String id) {
    return query("SELECT * FROM proposed_actions WHERE id = ?", id).stream().findFirst();
  }

  @Override
  public synchronized boolean decide(String id, Status decision, String agentAccountId) {
    if (decision == Status.PENDING) {
      throw new IllegalArgumentException("a decision is APPROVED or REJECTED, not PENDING");
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE proposed_actions SET status = ?, decided_by = ?, decided_at = ?"
                + " WHERE id = ? AND status = 'PENDING'")) {
      ps.setString(1, decision.name());
      ps.setString(2, agentAccountId);
      ps.setLong(3, System.currentTimeMillis());
      ps.setString(4, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record decision on proposed action " + id, e);
    }
  }

  private List<Entry> query(String sql, String arg) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, arg);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ProposedAction a =
              new ProposedAction(
                  rs.getString("id"),
                  rs.getString("ticket_key"),
                  rs.getString("tool_call_id"),
                  rs.getString("tool"),
                  JSON.readTree(rs.getString("arguments")),
                  Instant.ofEpochMilli(rs.getLong("proposed_at")));
          out.add(new Entry(a, Status.valueOf(rs.getString("status")), rs.getString("decided_by")));
        }
      }
      return out;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read proposed actions: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing at shutdown: nothing left to do
    }
  }
}
