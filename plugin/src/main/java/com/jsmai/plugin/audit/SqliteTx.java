package com.jsmai.plugin.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs work in one SQLite transaction on a connection in auto-commit mode: commits on success,
 * rolls back on failure (so a key rotation that fails half-way changes nothing), and always puts
 * the connection back in auto-commit mode. Shared by the files the audit keys protect.
 */
public final class SqliteTx {

  /** Database work that may fail. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  private SqliteTx() {}

  /**
   * @param failure the start of the error message when it fails (e.g. {@code "audit re-encryption
   *     failed"})
   * @return what {@code work} returned, once committed
   * @throws IllegalStateException after the rollback, when {@code work} or the commit failed
   */
  public static <T> T inTransaction(Connection db, String failure, Work<T> work) {
    try {
      db.setAutoCommit(false);
      T result = work.run();
      db.commit();
      return result;
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // The original failure is the one to report.
      }
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // The connection is unusable anyway; the next call reports it.
      }
    }
  }

  /**
   * How many rows of {@code table} each audit key id protects (its {@code key_id} column), for key
   * rotation.
   *
   * @param table a table name the caller owns (a constant: it is not quoted)
   * @param failure the start of the error message when it fails
   */
  public static Map<String, Integer> countByKey(Connection db, String table, String failure) {
    Map<String, Integer> out = new TreeMap<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT key_id, COUNT(*) FROM " + table + " GROUP BY 1")) {
      while (r.next()) out.put(r.getString(1), r.getInt(2));
    } catch (SQLException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
    return out;
  }
}
