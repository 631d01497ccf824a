package com.jsmai.plugin.inbox;

import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.inbox.InboxEntry.Status;
import com.jsmai.plugin.webhook.JiraEvent;
import java.io.IOException;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The durable inbox: webhook events in an embedded SQLite file (WAL, {@code synchronous=FULL} for
 * stored events and effect claims; a worker's claim, lease renewals and "done" marks commit without
 * an fsync, see {@code GroupCommitWriter}).
 *
 * <p>{@link #store} returns only after the row is committed, so a 2xx sent after it never loses the
 * event. Duplicates (same delivery id, or the same logical fact) are rejected by UNIQUE
 * constraints, which also holds across processes sharing the file. Thread-safe.
 */
public final class SqliteInbox implements AutoCloseable {
  /** The outcome of {@link #store}. */
  public enum StoreResult {
    STORED,
    DUPLICATE
  }

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_ERROR_CHARS = 2000;

  private final Path file;
  private final Clock clock;
  private final GroupCommitWriter writer;
  private final Connection readConnection;
  private final EffectLedger ledger;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  // Only touched by writer tasks, which all run on the writer thread.
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Connection checkpointConnection;
  private final ScheduledExecutorService checkpointer;

  private SqliteInbox(Path file, Clock clock) throws SQLException, IOException {
    this.file = file;
    this.clock = clock;
    Connection w = connect(file);
    try (Statement s = w.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("BEGIN IMMEDIATE");
      try {
        Migrations.apply(w);
        s.execute("COMMIT");
      } catch (SQLException e) {
        s.execute("ROLLBACK");
        w.close();
        throw e;
      }
    }
    // Checkpoints move WAL pages into the main file; done inline they stall a commit (and every
    // webhook waiting on it) every ~1000 pages, so a background thread does them instead.
    try (Statement s = w.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint=0");
    }
    this.writer = new GroupCommitWriter(w, "inbox-writer");
    this.readConnection = connect(file);
    this.checkpointConnection = connect(file);
    this.checkpointer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("inbox-checkpoint"));
    checkpointer.scheduleWithFixedDelay(this::checkpoint, 500, 500, TimeUnit.MILLISECONDS);
    this.ledger = new EffectLedger(this);
  }

  private void checkpoint() {
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        // PASSIVE never blocks; a busy file is simply checkpointed next time.
      }
    }
  }

  private PreparedStatement cached(Connection c, String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Opens (creating when absent) the inbox at {@code file} and migrates its schema. */
  public static SqliteInbox open(Path file, Clock clock) {
    try {
      return new SqliteInbox(file, clock);
    } catch (SQLException | IOException e) {
      throw new InboxException("cannot open inbox " + file + ": " + e.getMessage(), e);
    }
  }

  public static SqliteInbox open(Path file) {
    return open(file, Clock.systemUTC());
  }

  private static Connection connect(Path file) throws SQLException, IOException {
    // FULL: a commit is on disk before store() returns, even across power loss.
    return SqliteFiles.open(file, "busy_timeout=10000", "synchronous=FULL", "foreign_keys=ON");
  }

  public Path file() {
    return file;
  }

  /** The effects ledger sharing this file. */
  public EffectLedger ledger() {
    return ledger;
  }

  /** Called after new work was committed (workers wake up instead of waiting for their poll). */
  void onNewWork(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Stores an accepted event durably; returns after the commit. Safe to call from many threads:
   * concurrent calls share one transaction and one fsync.
   *
   * @throws InboxException when the row could not be committed (the caller answers 5xx so Jira
   *     retries)
   */
  public StoreResult store(IncomingEvent e) {
    StageTimeline.mark("inbox store", e.kind());
    long now = clock.millis();
    StoreResult r =
        await(
            writer.submit(
                c -> {
                  PreparedStatement ps =
                      cached(
                          c,
                          "INSERT OR IGNORE INTO events (delivery_id, logical_key, kind, issue_key,"
                              + " issue_id, comment_id, author_account_id, author_type,"
                              + " event_timestamp, raw_json, serial_key, status, attempts,"
                              + " next_attempt_at, received_at, updated_at)"
                              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)");
                  ps.setString(1, e.deliveryId());
                  ps.setString(2, e.logicalKey());
                  ps.setString(3, e.kind().name());
                  ps.setString(4, e.issueKey());
                  ps.setString(5, e.issueId());
                  ps.setString(6, e.commentId());
                  ps.setString(7, e.authorAccountId());
                  ps.setString(8, e.authorType());
                  ps.setLong(9, e.timestamp());
                  ps.setString(10, e.rawJson());
                  ps.setString(11, e.serialKey());
                  ps.setLong(12, now);
                  ps.setLong(13, now);
                  ps.setLong(14, now);
                  return ps.executeUpdate() == 1 ? StoreResult.STORED : StoreResult.DUPLICATE;
                }),
            "store " + e.deliveryId());
    StageTimeline.mark("inbox committed", e.kind());
    if (r == StoreResult.STORED) {
      listeners.forEach(Runnable::run);
    }
    return r;
  }

  /** A claimed event: the worker owns it until {@code leaseUntil} unless it renews. */
  record Claim(InboxEntry entry, String owner) {}

  /**
   * Claims the oldest due event whose issue has no earlier unfinished event, or reclaims one whose
   * lease expired. An expired claim that already used every attempt goes dead instead.
   */
  Optional<Claim> claim(String owner, Duration lease, int maxAttempts) {
    long now = clock.millis();
    return await(
        writer.submit(
            c -> {
              while (true) {
                InboxEntry candidate = null;
                {
                  PreparedStatement ps =
                      cached(
                          c,
                          SELECT_ENTRY
                              // The partial index keeps this O(active rows), however many are done.
                              + " FROM events e INDEXED BY events_active_order"
                              + " WHERE e.status IN ('pending', 'processing')"
                              + " AND NOT EXISTS (SELECT 1 FROM events x"
                              + "   WHERE x.serial_key = e.serial_key"
                              + "   AND x.status IN ('pending', 'processing') AND x.id < e.id)"
                              + " AND ((e.status = 'pending' AND e.next_attempt_at <= ?)"
                              + "   OR (e.status = 'processing' AND e.lease_until <= ?))"
                              + " ORDER BY e.id LIMIT 1");
                  ps.setLong(1, now);
                  ps.setLong(2, now);
                  try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                      candidate = readEntry(rs);
                    }
                  }
                }
                if (candidate == null) {
                  return Optional.<Claim>empty();
                }
                if (candidate.status() == Status.PROCESSING
                    && candidate.attempts() >= maxAttempts) {
                  markDead(c, candidate.id(), "lease expired on the last attempt (process died?)");
                  continue;
                }
                {
                  PreparedStatement ps =
                      cached(
                          c,
                          "UPDATE events SET status = 'processing', attempts = attempts + 1,"
                              + " lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?");
                  ps.setString(1, owner);
                  ps.setLong(2, now + lease.toMillis());
                  ps.setLong(3, now);
                  ps.setLong(4, candidate.id());
                  ps.executeUpdate();
                }
                InboxEntry claimed =
                    new InboxEntry(
                        candidate.id(),
                        candidate.event(),
                        Status.PROCESSING,
                        candidate.attempts() + 1,
                        candidate.nextAttemptAt(),
                        candidate.lastError(),
                        candidate.receivedAt());
                return Optional.of(new Claim(claimed, owner));
              }
            },
            // Lost on a power cut, the claim is simply not there: the event is pending again and
            // its handling is repeated, which the effect ledger and the ticket state make safe.
            false),
        "claim");
  }

  private void markDead(Connection c, long id, String error) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE events SET status = 'dead', lease_owner = NULL, lease_until = NULL,"
                + " last_error = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, error);
      ps.setLong(2, clock.millis());
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Extends a lease; false when the claim was lost (expired and taken by someone else). */
  boolean renew(Claim claim, Duration lease) {
    return renew(List.of(claim), lease).isEmpty();
  }

  /**
   * Extends the leases of {@code claims} in one transaction (one writer round trip for the whole
   * heartbeat, without an fsync: a lease lost on a power cut has nobody left to renew it anyway);
   * returns the claims that could not be renewed (no longer processing under their owner).
   */
  List<Claim> renew(List<Claim> claims, Duration lease) {
    long until = clock.millis() + lease.toMillis();
    return await(
        writer.submit(
            c -> {
              List<Claim> lost = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE events SET lease_until = ? WHERE id = ? AND lease_owner = ?"
                          + " AND status = 'processing'")) {
                for (Claim claim : claims) {
                  ps.setLong(1, until);
                  ps.setLong(2, claim.entry().id());
                  ps.setString(3, claim.owner());
                  if (ps.executeUpdate() != 1) lost.add(claim);
                }
              }
              return lost;
            },
            false),
        "renew");
  }

  /** Records the issue key resolved for an event that arrived with only the issue id. */
  void recordIssueKey(Claim claim, String issueKey) {
    await(
        writer.submit(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("UPDATE events SET issue_key = ? WHERE id = ?")) {
                ps.setString(1, issueKey);
                ps.setLong(2, claim.entry().id());
                return ps.executeUpdate();
              }
            }),
        "record issue key");
  }

  /** Done: never handed out again. False when the claim had been lost meanwhile. */
  boolean complete(Claim claim) {
    long now = clock.millis();
    return await(
        writer.submit(
            c -> {
              PreparedStatement ps =
                  cached(
                      c,
                      "UPDATE events SET status = 'done', lease_owner = NULL, lease_until = NULL,"
                          + " last_error = NULL, updated_at = ?"
                          + " WHERE id = ? AND lease_owner = ? AND status = 'processing'");
              ps.setLong(1, now);
              ps.setLong(2, claim.entry().id());
              ps.setString(3, claim.owner());
              return ps.executeUpdate() == 1;
            },
            // Lost on a power cut, the event runs again and finds its effect already recorded.
            false),
        "update");
  }

  /** Failed: pending again at {@code retryAt}, or dead when {@code retryAt} is null. */
  boolean fail(Claim claim, String error, Instant retryAt) {
    String message = errorText(error);
    long now = clock.millis();
    boolean updated =
        await(
            writer.submit(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE events SET status = ?, next_attempt_at = ?, lease_owner = NULL,"
                              + " lease_until = NULL, last_error = ?, updated_at = ?"
                              + " WHERE id = ? AND lease_owner = ? AND status = 'processing'")) {
                    ps.setString(1, retryAt == null ? "dead" : "pending");
                    ps.setLong(2, retryAt == null ? now : retryAt.toEpochMilli());
                    ps.setString(3, message);
                    ps.setLong(4, now);
                    ps.setLong(5, claim.entry().id());
                    ps.setString(6, claim.owner());
                    return ps.executeUpdate() == 1;
                  }
                }),
            "fail");
    if (updated && retryAt != null) {
      listeners.forEach(Runnable::run);
    }
    return updated;
  }

  /**
   * Not done yet, and not a failure: pending again at {@code retryAt} with the claim's attempt
   * given back (see {@link InboxWorkers#retryLaterWhen}).
   */
  boolean retryLater(Claim claim, String error, Instant retryAt) {
    String message = errorText(error);
    long now = clock.millis();
    boolean updated =
        await(
            writer.submit(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE events SET status = 'pending', next_attempt_at = ?,"
                              + " attempts = MAX(attempts - 1, 0), lease_owner = NULL,"
                              + " lease_until = NULL, last_error = ?, updated_at = ?"
                              + " WHERE id = ? AND lease_owner = ? AND status = 'processing'")) {
                    ps.setLong(1, retryAt.toEpochMilli());
                    ps.setString(2, message);
                    ps.setLong(3, now);
                    ps.setLong(4, claim.entry().id());
                    ps.setString(5, claim.owner());
                    return ps.executeUpdate() == 1;
                  }
                }),
            "retry later");
    if (updated) {
      listeners.forEach(Runnable::run);
    }
    return updated;
  }

  /** The error as stored: "unknown" for none, cut to {@value #MAX_ERROR_CHARS} characters. */
  private static String errorText(String error) {
    if (error == null) {
      return "unknown";
    }
    return error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
  }

  /**
   * Puts a dead (or done) event back to pending with its attempts reset, for an operator after the
   * cause was fixed. Returns false when no such event is dead or done.
   */
  public boolean requeue(String deliveryId) {
    long now = clock.millis();
    boolean updated =
        await(
            writer.submit(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE events SET status = 'pending', attempts = 0, next_attempt_at = ?,"
                              + " last_error = NULL, updated_at = ?"
                              + " WHERE delivery_id = ? AND status IN ('dead', 'done')")) {
                    ps.setLong(1, now);
                    ps.setLong(2, now);
                    ps.setString(3, deliveryId);
                    return ps.executeUpdate() == 1;
                  }
                }),
            "requeue");
    if (updated) {
      listeners.forEach(Runnable::run);
    }
    return updated;
  }

  /** The event stored under {@code deliveryId}, if any. */
  public Optional<InboxEntry> find(String deliveryId) {
    List<InboxEntry> found =
        query(SELECT_ENTRY + " FROM events e WHERE delivery_id = ?", deliveryId);
    return found.stream().findFirst();
  }

  /** Events in {@code status}, oldest first, at most {@code limit}. */
  public List<InboxEntry> list(Status status, int limit) {
    return query(
        SELECT_ENTRY + " FROM events e WHERE status = ? ORDER BY id LIMIT " + Math.max(0, limit),
        status.db());
  }

  /** How many events are in each status. */
  public Map<Status, Long> counts() {
    Map<Status, Long> out = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      out.put(s, 0L);
    }
    synchronized (readConnection) {
      try (Statement s = readConnection.createStatement();
          ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM events GROUP BY status")) {
        while (rs.next()) {
          out.put(Status.fromDb(rs.getString(1)), rs.getLong(2));
        }
      } catch (SQLException e) {
        throw new InboxException("cannot count inbox events: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** True when the file answers a query (readiness). */
  public boolean isHealthy() {
    synchronized (readConnection) {
      try (Statement s = readConnection.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        return rs.next();
      } catch (SQLException e) {
        return false;
      }
    }
  }

  private List<InboxEntry> query(String sql, String param) {
    synchronized (readConnection) {
      try (PreparedStatement ps = readConnection.prepareStatement(sql)) {
        ps.setString(1, param);
        List<InboxEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(readEntry(rs));
          }
        }
        return out;
      } catch (SQLException e) {
        throw new InboxException("cannot read inbox: " + e.getMessage(), e);
      }
    }
  }

  private static final String SELECT_ENTRY =
      "SELECT e.id, e.delivery_id, e.logical_key, e.kind, e.issue_key, e.issue_id, e.comment_id,"
          + " e.author_account_id, e.author_type, e.event_timestamp, e.raw_json, e.status,"
          + " e.attempts, e.next_attempt_at, e.last_error, e.received_at";

  private static InboxEntry readEntry(ResultSet rs) throws SQLException {
    IncomingEvent event =
        new IncomingEvent(
            rs.getString(2),
            rs.getString(3),
            JiraEvent.Kind.valueOf(rs.getString(4)),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            rs.getString(9),
            rs.getLong(10),
            rs.getString(11));
    return new InboxEntry(
        rs.getLong(1),
        event,
        Status.fromDb(rs.getString(12)),
        rs.getInt(13),
        Instant.ofEpochMilli(rs.getLong(14)),
        rs.getString(15),
        Instant.ofEpochMilli(rs.getLong(16)));
  }

  <T> CompletableFuture<T> write(GroupCommitWriter.Task<T> task, boolean durable) {
    return writer.submit(task, durable);
  }

  Clock clock() {
    return clock;
  }

  static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InboxException("interrupted during inbox " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new InboxException("inbox " + what + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new InboxException("inbox " + what + " timed out after " + WRITE_TIMEOUT, e);
    }
  }

  @Override
  public void close() {
    checkpointer.shutdownNow();
    writer.submit(
        c -> {
          for (PreparedStatement ps : statements.values()) {
            ps.close();
          }
          statements.clear();
          return null;
        });
    writer.close();
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        checkpointConnection.close();
      } catch (SQLException ignored) {
        // the WAL is replayed on the next open
      }
    }
    try {
      synchronized (readConnection) {
        readConnection.close();
      }
    } catch (SQLException ignored) {
      // closing; nothing left to protect
    }
  }
}
