package com.jsmai.plugin.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the plugin's SQLite files (inbox, audit log, settings, feedback, proposed actions) the one
 * way: the folder is created when absent, then each store's pragmas run in the order given.
 */
public final class SqliteFiles {
  private SqliteFiles() {}

  /**
   * A connection to {@code file} (created with its folder when absent), after running {@code
   * pragmas} in order, for example {@code "journal_mode=WAL"}, {@code "busy_timeout=5000"}.
   */
  public static Connection open(Path file, String... pragmas) throws SQLException, IOException {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + absolute);
    try (Statement s = c.createStatement()) {
      for (String pragma : pragmas) {
        s.execute("PRAGMA " + pragma);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
