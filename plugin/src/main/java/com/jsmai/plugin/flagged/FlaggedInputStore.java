package com.jsmai.plugin.flagged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.audit.AuditCipher;
import com.jsmai.plugin.audit.AuditKeyRing;
import com.jsmai.plugin.audit.SecretRedactor;
import com.jsmai.plugin.audit.SqliteTx;
import com.jsmai.plugin.inbox.SqliteFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The flagged inputs in a SQLite file. The text and the evidence (customer data) are encrypted with
 * AES-GCM under the audit log's key ring; ticket, desk, origin, time, score, techniques, action and
 * verdict stay in clear so that the admin screen can filter and count, and the purge can delete by
 * age, without keys. Those clear columns that identify the row (time, ticket, origin) are bound to
 * the ciphertext as associated data, so content cannot be moved to another ticket undetected.
 *
 * <p>Duplicates: the same text from the same origin of the same ticket is stored once. A webhook
 * delivered twice, an event retried after a failure, and every later comment event (which re-checks
 * the summary and description) all present the same text again. The check uses a keyed MAC of the
 * text (HMAC-SHA256 under a key derived from an audit key), never a plain hash, which would let
 * anyone with the file confirm a guessed text.
 *
 * <p>Thread-safe: one connection guarded by this object's monitor.
 */
public final class FlaggedInputStore implements AutoCloseable {

  /**
   * @param file the SQLite file (created with its folder)
   * @param retention how long rows are kept after they were flagged
   * @param keys the audit log's key ring; new rows use its current key
   */
  public record Config(Path file, Duration retention, AuditKeyRing keys) {
    public Config {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
    }
  }

  /**
   * What the input check found in one source, before it is stored.
   *
   * @param ticketKey the issue key
   * @param serviceDeskId the desk, or null when unknown
   * @param origin where the text came from
   * @param text the flagged text
   * @param score the check's score
   * @param signals techniques with weight and evidence
   * @param action the action the ticket got (lower case)
   * @param learnedOnly flagged only because of the input check's learned stage (the rules alone
   *     stay below the threshold)
   */
  public record NewFlag(
      String ticketKey,
      String serviceDeskId,
      String origin,
      String text,
      double score,
      List<FlaggedInput.Signal> signals,
      String action,
      boolean learnedOnly) {
    /** A flag the rules reached. */
    public NewFlag(
        String ticketKey,
        String serviceDeskId,
        String origin,
        String text,
        double score,
        List<FlaggedInput.Signal> signals,
        String action) {
      this(ticketKey, serviceDeskId, origin, text, score, signals, action, false);
    }

    public NewFlag {
      Objects.requireNonNull(ticketKey, "ticketKey");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(action, "action");
      serviceDeskId = serviceDeskId == null || serviceDeskId.isBlank() ? "?" : serviceDeskId;
      text = text == null ? "" : text;
      signals = List.copyOf(signals);
    }
  }

  /**
   * Which rows the admin screen lists.
   *
   * @param verdict {@code benign}, {@code attack}, {@code undecided}, or null for all
   * @param serviceDeskId one desk, or null for all
   */
  public record Filter(String verdict, String serviceDeskId) {
    public Filter {
      verdict = verdict == null || verdict.isBlank() ? null : verdict.strip();
      if (verdict != null && !verdict.equals("undecided")) Verdict.parse(verdict);
      serviceDeskId = serviceDeskId == null || serviceDeskId.isBlank() ? null : serviceDeskId;
    }

    public static final Filter ALL = new Filter(null, null);
  }

  /** Longest text kept; a flagged e-mail thread can be long, training needs the gist. */
  public static final int MAX_TEXT_CHARS = 20_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "id, flagged_at, ticket_key, service_desk_id, origin, score, action, key_id, iv, content,"
          + " verdict, decided_by, decided_at, learned_only";

  private final Config config;
  private final Clock clock;
  private final Connection db;
  private final AuditCipher cipher;

  private FlaggedInputStore(Config config, Clock clock, Connection db) {
    this.config = config;
    this.clock = clock;
    this.db = db;
    this.cipher =
        new AuditCipher(config.keys(), "flagged-input", "cannot read flagged inputs it protects");
  }

  public static FlaggedInputStore open(Config config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    try {
      Connection c = SqliteFiles.open(config.file(), "journal_mode=WAL", "busy_timeout=5000");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS flagged_input ("
                + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " flagged_at INTEGER NOT NULL,"
                + " ticket_key TEXT NOT NULL,"
                + " service_desk_id TEXT NOT NULL,"
                + " origin TEXT NOT NULL,"
                + " score REAL NOT NULL,"
                + " techniques TEXT NOT NULL,"
                + " action TEXT NOT NULL,"
                + " text_mac BLOB NOT NULL,"
                + " key_id TEXT NOT NULL,"
                + " iv BLOB NOT NULL,"
                + " content BLOB NOT NULL,"
                + " verdict TEXT,"
                + " decided_by TEXT,"
                + " decided_at INTEGER,"
                + " learned_only INTEGER NOT NULL DEFAULT 0,"
                + " UNIQUE(ticket_key, origin, text_mac))");
        // A file written before the action by tier has no learned_only column: its rows were
        // all handled alike, so 0 is what they mean.
        boolean hasLearnedOnly = false;
        try (ResultSet cols = s.executeQuery("PRAGMA table_info(flagged_input)")) {
          while (cols.next()) hasLearnedOnly |= "learned_only".equals(cols.getString("name"));
        }
        if (!hasLearnedOnly) {
          s.execute("ALTER TABLE flagged_input ADD COLUMN learned_only INTEGER NOT NULL DEFAULT 0");
        }
        s.execute("CREATE INDEX IF NOT EXISTS flagged_ticket ON flagged_input(ticket_key)");
        s.execute("CREATE INDEX IF NOT EXISTS flagged_time ON flagged_input(flagged_at)");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new FlaggedInputStore(config, clock, c);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the flagged-inputs file " + config.file() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores a flagged source unless the same text from the same origin of the same ticket is already
   * stored (under any key of the ring).
   *
   * @return the new row's id, or empty when it was a duplicate
   */
  public synchronized Optional<Long> record(NewFlag f) {
    String text = SecretRedactor.redact(truncate(f.text()));
    String keyId = config.keys().currentKeyId();
    byte[] textMac = mac(keyId, f.ticketKey(), f.origin(), text);
    if (stored(f.ticketKey(), f.origin(), text, keyId, textMac)) return Optional.empty();
    long ts = clock.instant().toEpochMilli();
    byte[] iv = cipher.newIv();
    byte[] sealed =
        cipher.seal(keyId, iv, aad(ts, f.ticketKey(), f.origin()), content(text, f.signals()));
    try (PreparedStatement p =
        db.prepareStatement(
            // OR IGNORE: another instance sharing the file may have stored the same text since
            // the check above; the unique index decides, and nothing is stored twice.
            "INSERT OR IGNORE INTO flagged_input(flagged_at, ticket_key, service_desk_id, origin, score,"
                + " techniques, action, text_mac, key_id, iv, content, learned_only)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setLong(1, ts);
      p.setString(2, f.ticketKey());
      p.setString(3, f.serviceDeskId());
      p.setString(4, f.origin());
      p.setDouble(5, f.score());
      p.setString(6, String.join(",", f.signals().stream().map(s -> s.technique()).toList()));
      p.setString(7, f.action());
      p.setBytes(8, textMac);
      p.setString(9, keyId);
      p.setBytes(10, iv);
      p.setBytes(11, sealed);
      p.setInt(12, f.learnedOnly() ? 1 : 0);
      if (p.executeUpdate() == 0) return Optional.empty();
      try (ResultSet keys = p.getGeneratedKeys()) {
        return keys.next() ? Optional.of(keys.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("flagged input not stored: " + e.getMessage(), e);
    }
  }

  /** The ticket's flagged sources, oldest first. */
  public synchronized List<FlaggedInput> forTicket(String ticketKey) {
    return query(
        "SELECT " + COLUMNS + " FROM flagged_input WHERE ticket_key = ? ORDER BY flagged_at, id",
        ticketKey);
  }

  public synchronized Optional<FlaggedInput> find(long id) {
    List<FlaggedInput> rows = query("SELECT " + COLUMNS + " FROM flagged_input WHERE id = ?", id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Rows matching {@code filter}, newest first, at most {@code limit}. */
  public synchronized List<FlaggedInput> list(Filter filter, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM flagged_input WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (filter.verdict() != null) {
      if (filter.verdict().equals("undecided")) {
        sql.append(" AND verdict IS NULL");
      } else {
        sql.append(" AND verdict = ?");
        args.add(Verdict.parse(filter.verdict()).wire());
      }
    }
    if (filter.serviceDeskId() != null) {
      sql.append(" AND service_desk_id = ?");
      args.add(filter.serviceDeskId());
    }
    sql.append(" ORDER BY flagged_at DESC, id DESC LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args.toArray());
  }

  /** Rows with a verdict, oldest first: what the training export writes. */
  public synchronized List<FlaggedInput> judged() {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM flagged_input WHERE verdict IS NOT NULL ORDER BY flagged_at, id");
  }

  /**
   * A verdict given on one row.
   *
   * @param before the row as it was (its previous verdict, if any)
   * @param after the row as it is now, as {@link #find} would read it
   */
  public record Judgment(FlaggedInput before, FlaggedInput after) {
    public Judgment {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * Sets the verdict of a row of {@code ticketKey} (the last one wins) and who gave it: one read
   * and one write in one transaction, so the previous verdict reported is the one replaced.
   *
   * @return the row before and after, or empty when there is no such row on that ticket (a null
   *     ticket has none)
   */
  public synchronized Optional<Judgment> judge(
      String ticketKey, long id, Verdict verdict, String agent) {
    return judgeRow(
        " WHERE id = ? AND ticket_key = ?", new Object[] {id, ticketKey}, id, verdict, agent);
  }

  /** Reads the row {@code where} selects (row {@code id} or none) and sets its verdict. */
  private Optional<Judgment> judgeRow(
      String where, Object[] args, long id, Verdict verdict, String agent) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(agent, "agent");
    long decidedAt = clock.instant().toEpochMilli();
    return SqliteTx.inTransaction(
        db,
        "verdict not stored",
        () -> {
          List<FlaggedInput> rows =
              query("SELECT " + COLUMNS + " FROM flagged_input" + where, args);
          if (rows.isEmpty()) return Optional.<Judgment>empty();
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE flagged_input SET verdict = ?, decided_by = ?, decided_at = ?"
                      + " WHERE id = ?")) {
            p.setString(1, verdict.wire());
            p.setString(2, agent);
            p.setLong(3, decidedAt);
            p.setLong(4, id);
            p.executeUpdate();
          }
          FlaggedInput b = rows.get(0);
          FlaggedInput after =
              new FlaggedInput(
                  b.id(),
                  b.flaggedAt(),
                  b.ticketKey(),
                  b.serviceDeskId(),
                  b.origin(),
                  b.text(),
                  b.score(),
                  b.signals(),
                  b.action(),
                  verdict,
                  agent,
                  Instant.ofEpochMilli(decidedAt),
                  b.learnedOnly());
          return Optional.of(new Judgment(b, after));
        });
  }

  /** Flagged, judged and confirmed rows per service desk, ordered by desk. */
  public synchronized List<DeskPrecision> precisionByDesk() {
    List<DeskPrecision> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT service_desk_id, COUNT(*), SUM(verdict IS NOT NULL),"
                    + " SUM(verdict = 'attack') FROM flagged_input GROUP BY 1 ORDER BY 1")) {
      while (r.next()) {
        out.add(new DeskPrecision(r.getString(1), r.getInt(2), r.getInt(3), r.getInt(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("flagged-input counts failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Deletes rows flagged longer ago than the retention; returns how many. */
  public synchronized int purgeExpired() {
    long cutoff = clock.instant().minus(config.retention()).toEpochMilli();
    try (PreparedStatement p =
        db.prepareStatement("DELETE FROM flagged_input WHERE flagged_at < ?")) {
      p.setLong(1, cutoff);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("flagged-input purge failed: " + e.getMessage(), e);
    }
  }

  /**
   * Re-encrypts every row not under the current key (after a key rotation, like the audit log's
   * {@code reencryptAll}); returns how many. One transaction: on failure nothing changes.
   */
  public synchronized int reencryptAll() {
    String current = config.keys().currentKeyId();
    List<FlaggedInput> stale =
        query("SELECT " + COLUMNS + " FROM flagged_input WHERE key_id <> ?", current);
    return SqliteTx.inTransaction(
        db,
        "flagged-input re-encryption failed",
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE flagged_input SET key_id = ?, iv = ?, content = ?, text_mac = ?"
                      + " WHERE id = ?")) {
            for (FlaggedInput row : stale) {
              byte[] iv = cipher.newIv();
              p.setString(1, current);
              p.setBytes(2, iv);
              p.setBytes(
                  3,
                  cipher.seal(
                      current,
                      iv,
                      aad(row.flaggedAt().toEpochMilli(), row.ticketKey(), row.origin()),
                      content(row.text(), row.signals())));
              p.setBytes(4, mac(current, row.ticketKey(), row.origin(), row.text()));
              p.setLong(5, row.id());
              p.addBatch();
            }
            p.executeBatch();
          }
          return stale.size();
        });
  }

  /** How many rows each key id protects (for key rotation). */
  public synchronized Map<String, Integer> countByKey() {
    return SqliteTx.countByKey(db, "flagged_input", "flagged-input count failed");
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing; nothing to recover
    }
  }

  // ------------------------------------------------------------------ internals

  private static String truncate(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS);
  }

  /**
   * Whether this text from this origin of this ticket is already stored, under any key: one lookup
   * of the (usually zero or one) rows of the ticket's origin, and a MAC under another key only when
   * such a row was written under it.
   */
  private boolean stored(
      String ticket, String origin, String text, String currentKeyId, byte[] currentMac) {
    Map<String, byte[]> macOf = new java.util.HashMap<>();
    macOf.put(currentKeyId, currentMac);
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT key_id, text_mac FROM flagged_input WHERE ticket_key = ? AND origin = ?")) {
      p.setString(1, ticket);
      p.setString(2, origin);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String keyId = r.getString(1);
          // A key no longer in the ring cannot have produced a MAC this ring can match.
          if (!config.keys().keys().containsKey(keyId)) continue;
          byte[] mac = macOf.computeIfAbsent(keyId, k -> mac(k, ticket, origin, text));
          if (Arrays.equals(mac, r.getBytes(2))) return true;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("flagged-input lookup failed: " + e.getMessage(), e);
    }
    return false;
  }

  private static byte[] content(String text, List<FlaggedInput.Signal> signals) {
    ObjectNode c = JSON.createObjectNode();
    c.put("text", text);
    ArrayNode arr = c.putArray("signals");
    for (FlaggedInput.Signal s : signals) {
      arr.addObject()
          .put("technique", s.technique())
          .put("weight", s.weight())
          .put("evidence", SecretRedactor.redact(s.evidence()));
    }
    return c.toString().getBytes(StandardCharsets.UTF_8);
  }

  private List<FlaggedInput> query(String sql, Object... args) {
    List<FlaggedInput> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long ts = r.getLong("flagged_at");
          String ticket = r.getString("ticket_key");
          String origin = r.getString("origin");
          byte[] plain =
              cipher.open(
                  r.getString("key_id"),
                  r.getBytes("iv"),
                  aad(ts, ticket, origin),
                  r.getBytes("content"));
          JsonNode c = JSON.readTree(plain);
          List<FlaggedInput.Signal> signals = new ArrayList<>();
          for (JsonNode s : c.path("signals")) {
            signals.add(
                new FlaggedInput.Signal(
                    s.path("technique").asText(),
                    s.path("weight").asDouble(),
                    s.path("evidence").asText("")));
          }
          String verdict = r.getString("verdict");
          long decidedAt = r.getLong("decided_at");
          boolean decided = !r.wasNull();
          out.add(
              new FlaggedInput(
                  r.getLong("id"),
                  Instant.ofEpochMilli(ts),
                  ticket,
                  r.getString("service_desk_id"),
                  origin,
                  c.path("text").asText(""),
                  r.getDouble("score"),
                  signals,
                  r.getString("action"),
                  verdict == null ? null : Verdict.parse(verdict),
                  r.getString("decided_by"),
                  decided ? Instant.ofEpochMilli(decidedAt) : null,
                  r.getInt("learned_only") != 0));
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("flagged-input read failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** The row's clear columns bound to its content; the same bytes as every earlier version. */
  private static byte[] aad(long ts, String ticketKey, String origin) {
    return AuditCipher.aad(ts, ticketKey, origin);
  }

  /** HMAC-SHA256 under a key derived from the AES key (never the AES key itself). */
  private byte[] mac(String keyId, String ticket, String origin, String text) {
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(cipher.key(keyId).getEncoded(), "HmacSHA256"));
      byte[] macKey =
          derive.doFinal("jsmai flagged-input dedup v1".getBytes(StandardCharsets.UTF_8));
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(macKey, "HmacSHA256"));
      Arrays.fill(macKey, (byte) 0);
      m.update(aad(0, ticket, origin));
      return m.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable: " + e, e);
    }
  }
}
