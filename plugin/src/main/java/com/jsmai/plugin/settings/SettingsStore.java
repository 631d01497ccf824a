package com.jsmai.plugin.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime-editable configuration, versioned in a SQLite file. Every change is a new row with
 * its author, time and a summary of what changed; nothing is ever updated in place, so the table is
 * the audit log. A rollback is a new version that copies an old document. A document is stored only
 * after {@link SettingsDocuments} has read it with the plugin's own readers ({@code
 * ReplyConfigReader}, {@code HttpToolDefinitions}, {@code JiraConfig}), so {@link #current()} is
 * always usable.
 *
 * <p>Secrets inside the document (Jira token, model API keys) are sealed with the {@link SecretBox}
 * before they reach this class's callers' documents; the store decrypts them when it reads a
 * version.
 *
 * <p>Thread-safe: writes are serialised; {@link #current()} is a volatile read. Listeners run on
 * the writing thread after the new version is committed; a failing listener is logged, not
 * rethrown.
 */
public final class SettingsStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection db;
  private final SecretBox box;
  private final Clock clock;
  private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Settings>> validators = new CopyOnWriteArrayList<>();
  private volatile Settings current;

  private SettingsStore(Connection db, SecretBox box, Clock clock) {
    this.db = db;
    this.box = box;
    this.clock = clock;
  }

  /**
   * Opens (or creates) the store. A new file gets version 1 from {@code initial} (author {@code
   * system}); an existing file keeps its history and ignores {@code initial}.
   *
   * @param initial the starting document (for example built from the service's config file), or
   *     null for an empty one
   * @throws SettingsException when {@code initial} or the stored current version does not validate
   */
  public static SettingsStore open(Path file, SecretBox box, ObjectNode initial, Clock clock) {
    Objects.requireNonNull(box, "box");
    try {
      Connection c = SqliteFiles.open(file, "journal_mode=WAL");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS settings_version ("
                + " version INTEGER PRIMARY KEY,"
                + " created_at TEXT NOT NULL,"
                + " author TEXT NOT NULL,"
                + " summary TEXT NOT NULL,"
                + " document TEXT NOT NULL)");
      }
      SettingsStore store = new SettingsStore(c, box, clock);
      store.loadOrInit(initial == null ? SettingsDocuments.empty() : initial);
      return store;
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open settings store " + file + ": " + e, e);
    }
  }

  public static SettingsStore open(Path file, SecretBox box, ObjectNode initial) {
    return open(file, box, initial, Clock.systemUTC());
  }

  private synchronized void loadOrInit(ObjectNode initial) throws SQLException {
    Optional<Row> last = row("SELECT * FROM settings_version ORDER BY version DESC LIMIT 1", -1);
    if (last.isPresent()) {
      current = last.get().settings(box);
      return;
    }
    Settings first =
        SettingsDocuments.read(1, clock.instant(), "system", "initial settings", initial, box);
    insert(first);
    current = first;
  }

  /** The newest version. Never null. */
  public Settings current() {
    return current;
  }

  /** The sealer for secrets in documents handed to {@link #update}. */
  public SecretBox secrets() {
    return box;
  }

  /** The stored form of a Jira token, for {@code jira.token} in a document. */
  public String sealJiraToken(String token) {
    return box.seal("jira.token", token);
  }

  /** The stored form of a model endpoint's API key, for {@code models[].apiKey}. */
  public String sealModelKey(String modelName, String key) {
    return box.seal(SettingsDocuments.apiKeyPath(modelName), key);
  }

  /**
   * Parses one HTTP tool definition with the same strict reader the store validates with.
   *
   * @throws SettingsException naming {@code source} and the field
   */
  public static com.jsmai.plugin.tools.http.HttpToolDefinition parseTool(
      String source, String yaml) {
    return SettingsDocuments.parseTool(source, yaml);
  }

  /** Called with each new version after it is committed (updates and rollbacks). */
  public void addListener(Consumer<Settings> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Called with each candidate version before it is stored (updates and rollbacks): a validator
   * that throws {@link SettingsException} refuses the version with its message, so a version the
   * running service could not use (for example a forced tool an edit removed) is never committed.
   */
  public void addValidator(Consumer<Settings> validator) {
    validators.add(Objects.requireNonNull(validator, "validator"));
  }

  /**
   * Validates and stores {@code document} as the next version.
   *
   * @param expectedVersion the version the author edited; a change made meanwhile by someone else
   *     is refused instead of silently overwritten
   * @throws SettingsException with a message naming the bad setting, or when nothing changed, or
   *     the version moved on
   */
  public synchronized Settings update(String author, int expectedVersion, ObjectNode document) {
    requireAuthor(author);
    Settings before = current;
    if (expectedVersion != before.version()) {
      throw new SettingsException(
          "the settings were changed by "
              + before.author()
              + " (version "
              + before.version()
              + ") while you edited version "
              + expectedVersion
              + "; reload and apply your change again");
    }
    List<String> changes = SettingsDocuments.diff(before.document(), document, 20);
    if (changes.isEmpty()) throw new SettingsException("nothing changed");
    return commit(author, document.deepCopy(), String.join("\n", changes));
  }

  /** Makes the document of {@code version} current again, as a new version. */
  public synchronized Settings rollback(String author, int version) {
    requireAuthor(author);
    ObjectNode old =
        document(version)
            .orElseThrow(() -> new SettingsException("there is no settings version " + version));
    List<String> changes = SettingsDocuments.diff(current.document(), old, 20);
    if (changes.isEmpty()) {
      throw new SettingsException("version " + version + " is the same as the current settings");
    }
    return commit(
        author, old, "rollback to version " + version + "\n" + String.join("\n", changes));
  }

  /** The newest {@code limit} versions, newest first. */
  public synchronized List<SettingsVersion> history(int limit) {
    List<SettingsVersion> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT version, created_at, author, summary FROM settings_version"
                + " ORDER BY version DESC LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SettingsVersion(
                  rs.getInt(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("settings history: " + e.getMessage(), e);
    }
  }

  /** The stored document of one version (secrets sealed). */
  public synchronized Optional<ObjectNode> document(int version) {
    try {
      return row("SELECT * FROM settings_version WHERE version = ?", version).map(Row::document);
    } catch (SQLException e) {
      throw new IllegalStateException("settings version " + version + ": " + e.getMessage(), e);
    }
  }

  private Settings commit(String author, ObjectNode document, String summary) {
    Settings next =
        SettingsDocuments.read(
            current.version() + 1, clock.instant(), author, summary, document, box);
    for (Consumer<Settings> v : validators) {
      try {
        v.accept(next);
      } catch (SettingsException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SettingsException(
            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
      }
    }
    try {
      insert(next);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save settings: " + e.getMessage(), e);
    }
    current = next;
    log.info("settings version {} saved by {}", next.version(), author);
    for (Consumer<Settings> l : listeners) {
      try {
        l.accept(next);
      } catch (RuntimeException e) {
        log.error("settings listener failed on version {}", next.version(), e);
      }
    }
    return next;
  }

  private void insert(Settings s) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO settings_version(version, created_at, author, summary, document)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setInt(1, s.version());
      ps.setString(2, s.at().toString());
      ps.setString(3, s.author());
      ps.setString(4, s.summary());
      ps.setString(5, s.document().toString());
      ps.executeUpdate();
    }
  }

  private record Row(int version, Instant at, String author, String summary, ObjectNode document) {
    Settings settings(SecretBox box) {
      return SettingsDocuments.read(version, at, author, summary, document, box);
    }
  }

  private Optional<Row> row(String sql, int version) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      if (version >= 0) ps.setInt(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        JsonNode doc;
        try {
          doc = JSON.readTree(rs.getString("document"));
        } catch (java.io.IOException e) {
          throw new SQLException("stored document is not JSON", e);
        }
        return Optional.of(
            new Row(
                rs.getInt("version"),
                Instant.parse(rs.getString("created_at")),
                rs.getString("author"),
                rs.getString("summary"),
                (ObjectNode) doc));
      }
    }
  }

  private static void requireAuthor(String author) {
    if (author == null || author.isBlank()) throw new SettingsException("author must be known");
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      log.warn("closing settings store: {}", e.getMessage());
    }
  }
}
