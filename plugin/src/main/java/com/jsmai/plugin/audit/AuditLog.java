package com.jsmai.plugin.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.inbox.SqliteFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail: every conversation turn, prompt, model response, tool call and policy decision,
 * in a SQLite file whose content columns are encrypted with AES-GCM. The ticket key, time and kind
 * stay in clear so admins can search by ticket and the purge job can delete by age without keys;
 * they are bound to the ciphertext as associated data, so a row's content cannot be moved to
 * another ticket or time undetected. Payloads pass through {@link SecretRedactor} first.
 *
 * <p>Thread-safe: one connection, guarded by this object's monitor (audit writes are small and
 * SQLite serialises writers anyway).
 */
public final class AuditLog implements AutoCloseable {

  /**
   * @param file the SQLite file (created with its parent folders)
   * @param retention how long records are kept; 30 days by default
   * @param keys the encryption keys
   */
  public record Config(Path file, Duration retention, AuditKeyRing keys) {
    public Config {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(keys, "keys");
      retention = retention == null ? Duration.ofDays(30) : retention;
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
    }
  }

  /** A stored record, decrypted. */
  public record Entry(long id, AuditEvent event, String keyId) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;
  private final Clock clock;
  private final Connection db;
  private final AuditCipher cipher;

  public AuditLog(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cipher = new AuditCipher(config.keys(), "audit", "cannot decrypt");
    try {
      db = SqliteFiles.open(config.file(), "journal_mode=WAL", "busy_timeout=5000");
      try (Statement s = db.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS audit ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " ts INTEGER NOT NULL,"
                + " ticket_key TEXT NOT NULL,"
                + " kind TEXT NOT NULL,"
                + " key_id TEXT NOT NULL,"
                + " iv BLOB NOT NULL,"
                + " content BLOB NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS audit_ticket ON audit(ticket_key, ts)");
        s.execute("CREATE INDEX IF NOT EXISTS audit_ts ON audit(ts)");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot open audit log " + config.file() + ": " + e, e);
    }
  }

  public AuditLog(Config config) {
    this(config, Clock.systemUTC());
  }

  /** Stores one event, redacted and encrypted with the current key; returns its id. */
  public synchronized long append(AuditEvent event) {
    ObjectNode content = JSON.createObjectNode();
    content.put("actor", SecretRedactor.redact(event.actor()));
    content.put("payload", SecretRedactor.redact(event.payload()));
    long ts = event.time().toEpochMilli();
    String keyId = config.keys().currentKeyId();
    byte[] iv = cipher.newIv();
    byte[] sealed =
        cipher.seal(
            keyId,
            iv,
            aad(ts, event.ticketKey(), event.kind()),
            content.toString().getBytes(StandardCharsets.UTF_8));
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO audit(ts, ticket_key, kind, key_id, iv, content) VALUES (?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setLong(1, ts);
      p.setString(2, event.ticketKey());
      p.setString(3, event.kind().name());
      p.setString(4, keyId);
      p.setBytes(5, iv);
      p.setBytes(6, sealed);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit append failed: " + e.getMessage(), e);
    }
  }

  /** Convenience: an event happening now. */
  public long append(String ticketKey, AuditEvent.Kind kind, String actor, String payload) {
    return append(new AuditEvent(clock.instant(), ticketKey, kind, actor, payload));
  }

  /** The ticket's records, oldest first, decrypted. For admins. */
  public synchronized List<Entry> byTicket(String ticketKey) {
    return query(
        "SELECT id, ts, ticket_key, kind, key_id, iv, content FROM audit WHERE ticket_key = ?"
            + " ORDER BY ts, id",
        p -> p.setString(1, ticketKey));
  }

  /** Records with {@code from <= time < to}, oldest first, decrypted. */
  public synchronized List<Entry> between(Instant from, Instant to) {
    return query(
        "SELECT id, ts, ticket_key, kind, key_id, iv, content FROM audit WHERE ts >= ? AND ts < ?"
            + " ORDER BY ts, id",
        p -> {
          p.setLong(1, from.toEpochMilli());
          p.setLong(2, to.toEpochMilli());
        });
  }

  /**
   * Writes the records of {@code [from, to)} as JSON Lines (one object per record: id, time,
   * ticket, kind, actor, payload), decrypted; returns how many. Exports are plaintext: the caller
   * decides where they may go.
   */
  public int exportJsonl(Writer out, Instant from, Instant to) {
    int n = 0;
    try {
      for (Entry e : between(from, to)) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", e.id());
        line.put("time", e.event().time().toString());
        line.put("ticket", e.event().ticketKey());
        line.put("kind", e.event().kind().name());
        line.put("actor", e.event().actor());
        line.put("payload", e.event().payload());
        out.write(line.toString());
        out.write('\n');
        n++;
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("audit export failed", e);
    }
    return n;
  }

  /** Deletes records older than the retention; returns how many. */
  public synchronized int purgeExpired() {
    long cutoff = clock.instant().minus(config.retention()).toEpochMilli();
    try (PreparedStatement p = db.prepareStatement("DELETE FROM audit WHERE ts < ?")) {
      p.setLong(1, cutoff);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("audit purge failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@link #purgeExpired()} now and then every {@code every}; cancel the returned future. */
  public ScheduledFuture<?> schedulePurge(ScheduledExecutorService executor, Duration every) {
    return executor.scheduleWithFixedDelay(
        () -> {
          try {
            purgeExpired();
          } catch (RuntimeException e) {
            // Keep the schedule alive; the next run retries.
            System.err.println("audit purge failed: " + e.getMessage());
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Re-encrypts every record not under the current key (key rotation); returns how many. Runs in
   * one transaction: on failure nothing changes.
   */
  public synchronized int reencryptAll() {
    String current = config.keys().currentKeyId();
    List<Entry> stale =
        query(
            "SELECT id, ts, ticket_key, kind, key_id, iv, content FROM audit WHERE key_id <> ?",
            p -> p.setString(1, current));
    return SqliteTx.inTransaction(
        db,
        "audit re-encryption failed",
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE audit SET key_id = ?, iv = ?, content = ? WHERE id = ?")) {
            for (Entry e : stale) {
              ObjectNode content = JSON.createObjectNode();
              content.put("actor", e.event().actor());
              content.put("payload", e.event().payload());
              byte[] iv = cipher.newIv();
              long ts = e.event().time().toEpochMilli();
              p.setString(1, current);
              p.setBytes(2, iv);
              p.setBytes(
                  3,
                  cipher.seal(
                      current,
                      iv,
                      aad(ts, e.event().ticketKey(), e.event().kind()),
                      content.toString().getBytes(StandardCharsets.UTF_8)));
              p.setLong(4, e.id());
              p.addBatch();
            }
            p.executeBatch();
          }
          return stale.size();
        });
  }

  /** How many records each key id protects; for the rotation screen. */
  public synchronized java.util.Map<String, Integer> countByKey() {
    return SqliteTx.countByKey(db, "audit", "audit count failed");
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing audit log failed", e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private List<Entry> query(String sql, Binder binder) {
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      binder.bind(p);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long ts = r.getLong("ts");
          String ticket = r.getString("ticket_key");
          AuditEvent.Kind kind = AuditEvent.Kind.valueOf(r.getString("kind"));
          String keyId = r.getString("key_id");
          byte[] plain =
              cipher.open(keyId, r.getBytes("iv"), aad(ts, ticket, kind), r.getBytes("content"));
          var node = JSON.readTree(plain);
          out.add(
              new Entry(
                  r.getLong("id"),
                  new AuditEvent(
                      Instant.ofEpochMilli(ts),
                      ticket,
                      kind,
                      node.path("actor").asText(),
                      node.path("payload").asText()),
                  keyId));
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("audit read failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** The row's clear columns bound to its content; the same bytes as every earlier version. */
  private static byte[] aad(long ts, String ticketKey, AuditEvent.Kind kind) {
    return AuditCipher.aad(ts, ticketKey, kind.name());
  }
}
