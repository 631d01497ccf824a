package com.jsmai.plugin.inbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Forward-only schema migrations, recorded in {@code schema_version}. Append a step to {@link
 * #STEPS}; never edit a released one (a deployed file has already run it).
 */
final class Migrations {
  private Migrations() {}

  private static final List<String> STEPS =
      List.of(
          // 1: the inbox and the effects ledger.
          """
          CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            delivery_id TEXT NOT NULL UNIQUE,
            logical_key TEXT UNIQUE,
            kind TEXT NOT NULL,
            issue_key TEXT,
            issue_id TEXT,
            comment_id TEXT,
            author_account_id TEXT,
            author_type TEXT,
            event_timestamp INTEGER NOT NULL,
            raw_json TEXT NOT NULL,
            serial_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            last_error TEXT,
            received_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
          CREATE INDEX events_active_order ON events (id)
            WHERE status IN ('pending', 'processing');
          CREATE INDEX events_active_serial ON events (serial_key, id)
            WHERE status IN ('pending', 'processing');
          CREATE INDEX events_status ON events (status, id);
          CREATE TABLE effects (
            delivery_id TEXT NOT NULL,
            effect_kind TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('claimed', 'done')),
            external_ref TEXT,
            claimed_at INTEGER NOT NULL,
            completed_at INTEGER,
            UNIQUE (delivery_id, effect_kind));
          """);

  /** Brings the schema to the latest version inside one transaction; returns that version. */
  static int apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
      int current;
      try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
        current = rs.next() ? rs.getInt(1) : 0;
      }
      if (current > STEPS.size()) {
        throw new SQLException(
            "inbox database schema version "
                + current
                + " is newer than this build knows ("
                + STEPS.size()
                + "): refusing to touch it");
      }
      for (int v = current + 1; v <= STEPS.size(); v++) {
        for (String stmt : STEPS.get(v - 1).split(";")) {
          if (!stmt.isBlank()) {
            s.execute(stmt);
          }
        }
        s.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES ("
                + v
                + ", "
                + System.currentTimeMillis()
                + ")");
      }
      return STEPS.size();
    }
  }
}
