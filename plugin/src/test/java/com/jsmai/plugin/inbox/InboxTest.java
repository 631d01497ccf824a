package com.jsmai.plugin.inbox;

import static com.jsmai.plugin.inbox.RecordingEventHandler.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.inbox.InboxEntry.Status;
import com.jsmai.plugin.webhook.JiraEvent;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("inbox.db");
  }

  private static IncomingEvent comment(String deliveryId, String issueKey, String commentId) {
    return new IncomingEvent(
        deliveryId,
        "COMMENT_CREATED:comment:" + commentId,
        JiraEvent.Kind.COMMENT_CREATED,
        issueKey,
        "100",
        commentId,
        "acc-1",
        "customer",
        1_700_000_000_000L,
        "{\"webhookEvent\":\"comment_created\"}");
  }

  /** Fast retries so tests finish quickly; lease 1 s (the minimum). */
  private InboxConfig config(int workers, int maxAttempts) {
    return new InboxConfig(
        db(),
        workers,
        maxAttempts,
        Duration.ofMillis(50),
        Duration.ofMillis(400),
        Duration.ofSeconds(1),
        Duration.ofMillis(50));
  }

  @Test
  void store_sameDeliveryTwice_oneRow() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      assertThat(inbox.store(comment("d1", "SD-1", "1"))).isEqualTo(SqliteInbox.StoreResult.STORED);
      assertThat(inbox.store(comment("d1", "SD-1", "1")))
          .isEqualTo(SqliteInbox.StoreResult.DUPLICATE);
      assertThat(inbox.counts().get(Status.PENDING)).isEqualTo(1);
    }
  }

  @Test
  void store_sameCommentUnderAnotherDeliveryId_isADuplicate() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.store(comment("comment_created:comment:1:5", "SD-1", "1"));

      var second = inbox.store(comment("jira:issue_updated:comment:1:6", "SD-1", "1"));

      assertThat(second).isEqualTo(SqliteInbox.StoreResult.DUPLICATE);
    }
  }

  @Test
  void store_concurrentIdenticalDeliveries_exactlyOneStored() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      ExecutorService pool = Executors.newFixedThreadPool(5);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<SqliteInbox.StoreResult>> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return inbox.store(comment("same", "SD-1", "1"));
                }));
      }
      go.countDown();
      List<SqliteInbox.StoreResult> outcomes = new ArrayList<>();
      for (var f : results) {
        outcomes.add(f.get());
      }
      pool.shutdown();

      assertThat(outcomes).filteredOn(r -> r == SqliteInbox.StoreResult.STORED).hasSize(1);
      assertThat(inbox.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    }
  }

  @Test
  void schema_versionTableRecordsMigrationOnce() throws Exception {
    SqliteInbox.open(db()).close();
    SqliteInbox.open(db()).close();

    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db());
        ResultSet rs =
            c.createStatement().executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getInt(2)).isEqualTo(1);
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db());
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void restart_pendingEventsStoredBeforeAreProcessedAfterReopen() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.store(comment("d1", "SD-1", "1"));
      inbox.store(comment("d2", "SD-2", "2"));
    }
    RecordingEventHandler handler = new RecordingEventHandler();

    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, handler, IssueKeyResolver.NONE, config(2, 3)).start()) {
      assertThat(await(() -> handler.handled.size() == 2, Duration.ofSeconds(10))).isTrue();
      assertThat(await(() -> inbox.counts().get(Status.DONE) == 2, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void crash_claimedEventOfDeadProcess_reclaimedAfterLease() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.store(comment("d1", "SD-1", "1"));
      // A process claims it and dies without completing: the row stays "processing".
      assertThat(inbox.claim("dead-process", Duration.ofSeconds(1), 5)).isPresent();
    }
    RecordingEventHandler handler = new RecordingEventHandler();

    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, handler, IssueKeyResolver.NONE, config(1, 5)).start()) {
      assertThat(inbox.find("d1").orElseThrow().status()).isEqualTo(Status.PROCESSING);
      long start = System.nanoTime();

      assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
      assertThat(
              await(
                  () -> inbox.find("d1").orElseThrow().status() == Status.DONE,
                  Duration.ofSeconds(5)))
          .isTrue();
      assertThat(inbox.find("d1").orElseThrow().attempts()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void claim_validLeaseOfAnotherProcess_notTaken() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.store(comment("d1", "SD-1", "1"));
      inbox.claim("other-process", Duration.ofMinutes(5), 5);

      assertThat(inbox.claim("me", Duration.ofMinutes(5), 5)).isEmpty();
    }
  }

  @Test
  void expiredLeaseOnLastAttempt_goesDeadInsteadOfLooping() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.store(comment("d1", "SD-1", "1"));
      inbox.claim("crashed", Duration.ofMillis(1), 1);
      Thread.sleep(20);

      assertThat(inbox.claim("me", Duration.ofMinutes(1), 1)).isEmpty();
      assertThat(inbox.find("d1").orElseThrow().status()).isEqualTo(Status.DEAD);
      assertThat(inbox.find("d1").orElseThrow().lastError()).contains("lease expired");
    }
  }

  @Test
  void renewEvery_isAQuarterOfTheLease() {
    assertThat(InboxWorkers.renewEvery(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
    assertThat(InboxWorkers.renewEvery(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(75));
  }

  @Test
  void workers_handlerRunsLongerThanTheLease_leaseRenewedNeverReclaimedElsewhere()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventHandler slow =
        event -> {
          calls.incrementAndGet();
          Thread.sleep(2_500); // 2.5 leases
        };
    RecordingEventHandler other = new RecordingEventHandler();
    try (SqliteInbox inbox = SqliteInbox.open(db());
        SqliteInbox sameFile = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, slow, IssueKeyResolver.NONE, config(1, 5)).start()) {
      inbox.store(comment("d1", "SD-1", "1"));
      assertThat(await(() -> calls.get() == 1, Duration.ofSeconds(5))).isTrue();
      // Another process on the same file polls every 50 ms for expired leases.
      try (InboxWorkers elsewhere =
          new InboxWorkers(sameFile, other, IssueKeyResolver.NONE, config(1, 5)).start()) {
        assertThat(
                await(
                    () -> inbox.find("d1").orElseThrow().status() == Status.DONE,
                    Duration.ofSeconds(10)))
            .isTrue();
      }
      assertThat(calls.get()).isEqualTo(1);
      assertThat(other.attempts).isEmpty();
      assertThat(inbox.find("d1").orElseThrow().attempts()).isEqualTo(1);
    }
  }

  @Test
  void renewLeases_rowTakenByAnotherOwner_reportsItLost_finishedEventsAreNot() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventHandler blocking =
        event -> {
          started.countDown();
          release.await();
        };
    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, blocking, IssueKeyResolver.NONE, config(1, 5))) {
      inbox.store(comment("d1", "SD-1", "1"));
      inbox.store(comment("d2", "SD-2", "2"));
      workers.start();
      assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(workers.renewLeases()).isEmpty();

      // What a reclaim by another process after an expiry leaves behind.
      try (var c = DriverManager.getConnection("jdbc:sqlite:" + db());
          var st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout=5000");
        st.executeUpdate(
            "UPDATE events SET lease_owner = 'another-process' WHERE delivery_id = 'd1'");
      }
      assertThat(workers.renewLeases()).containsExactly("d1");

      release.countDown();
      assertThat(
              await(
                  () -> inbox.find("d2").orElseThrow().status() == Status.DONE,
                  Duration.ofSeconds(5)))
          .isTrue();
      assertThat(workers.renewLeases()).isEmpty();
    }
  }

  @Test
  void handlerFails_retriedWithBackoffThenDone() throws Exception {
    RecordingEventHandler handler = new RecordingEventHandler().failFirst(2);
    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, handler, IssueKeyResolver.NONE, config(1, 5), b -> 0).start()) {
      long start = System.nanoTime();
      inbox.store(comment("d1", "SD-1", "1"));

      assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(handler.attempts).hasSize(3);
      // Waits with zero jitter: 25 ms (half of 50) then 50 ms (half of 100).
      assertThat(elapsedMs).isGreaterThanOrEqualTo(75);
      assertThat(
              await(
                  () -> inbox.find("d1").orElseThrow().status() == Status.DONE,
                  Duration.ofSeconds(5)))
          .isTrue();
      assertThat(inbox.find("d1").orElseThrow().attempts()).isEqualTo(3);
    }
  }

  @Test
  void handlerAlwaysFails_deadAfterMaxAttempts_visibleAndRequeueable() throws Exception {
    RecordingEventHandler handler = new RecordingEventHandler().failFirst(3);
    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers =
            new InboxWorkers(inbox, handler, IssueKeyResolver.NONE, config(1, 3)).start()) {
      inbox.store(comment("d1", "SD-1", "1"));

      assertThat(await(() -> inbox.counts().get(Status.DEAD) == 1, Duration.ofSeconds(10)))
          .isTrue();
      InboxEntry dead = inbox.list(Status.DEAD, 10).get(0);
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError()).contains("simulated failure");
      assertThat(handler.handled).isEmpty();

      assertThat(inbox.requeue("d1")).isTrue();

      assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
      assertThat(await(() -> inbox.counts().get(Status.DONE) == 1, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void backoff_doublesUpToCapWithJitterInUpperHalf() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      InboxConfig c =
          new InboxConfig(
              db(),
              1,
              10,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              Duration.ofMinutes(1),
              Duration.ofSeconds(1));
      InboxWorkers noJitter = new InboxWorkers(inbox, e -> {}, IssueKeyResolver.NONE, c, b -> 0);
      InboxWorkers fullJitter = new InboxWorkers(inbox, e -> {}, IssueKeyResolver.NONE, c, b -> b);

      assertThat(noJitter.backoff(1)).isEqualTo(Duration.ofSeconds(1));
      assertThat(fullJitter.backoff(1)).isEqualTo(Duration.ofSeconds(2));
      assertThat(noJitter.backoff(2)).isEqualTo(Duration.ofSeconds(2));
      assertThat(fullJitter.backoff(3)).isEqualTo(Duration.ofSeconds(8));
      assertThat(fullJitter.backoff(4)).isEqualTo(Duration.ofSeconds(10));
      assertThat(noJitter.backoff(30)).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void workers_neverProcessTwoEventsOfOneIssueAtOnce_andKeepTheirOrder() throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicInteger maxSameIssue = new AtomicInteger();
    Map<String, List<String>> order = new ConcurrentHashMap<>();
    EventHandler slow =
        e -> {
          int now =
              running.computeIfAbsent(e.issueKey(), k -> new AtomicInteger()).incrementAndGet();
          maxSameIssue.accumulateAndGet(now, Math::max);
          order
              .computeIfAbsent(
                  e.issueKey(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
              .add(e.commentId());
          Thread.sleep(15);
          running.get(e.issueKey()).decrementAndGet();
        };
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      for (int i = 0; i < 30; i++) {
        inbox.store(comment("d" + i, "SD-" + (i % 3), String.valueOf(i)));
      }
      try (InboxWorkers workers =
          new InboxWorkers(inbox, slow, IssueKeyResolver.NONE, config(4, 3)).start()) {
        assertThat(await(() -> inbox.counts().get(Status.DONE) == 30, Duration.ofSeconds(20)))
            .isTrue();
      }
    }

    assertThat(maxSameIssue.get()).isEqualTo(1);
    assertThat(order.get("SD-0"))
        .containsExactly("0", "3", "6", "9", "12", "15", "18", "21", "24", "27");
  }

  @Test
  void idOnlyEvent_keyResolvedByFetchFallbackAndRecorded() throws Exception {
    RecordingEventHandler handler = new RecordingEventHandler();
    IssueKeyResolver resolver = id -> id.equals("10100") ? "SD-7" : null;
    try (SqliteInbox inbox = SqliteInbox.open(db());
        InboxWorkers workers = new InboxWorkers(inbox, handler, resolver, config(1, 3)).start()) {
      inbox.store(
          new IncomingEvent(
              "d1",
              "COMMENT_CREATED:comment:5",
              JiraEvent.Kind.COMMENT_CREATED,
              null,
              "10100",
              "5",
              "ana",
              null,
              1L,
              "{}"));

      assertThat(await(() -> handler.handled.size() == 1, Duration.ofSeconds(10))).isTrue();
      assertThat(handler.handled.get(0).issueKey()).isEqualTo("SD-7");
      assertThat(inbox.find("d1").orElseThrow().event().issueKey()).isEqualTo("SD-7");
    }
  }

  // ---- effects ledger ----

  @Test
  void ledger_concurrentClaims_exactlyOneWinner() throws Exception {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      EffectLedger ledger = inbox.ledger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  return ledger.claim("d1", "public-reply");
                }));
      }
      go.countDown();
      int winners = 0;
      for (var f : claims) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();

      assertThat(winners).isEqualTo(1);
      assertThat(ledger.claim("d1", "internal-note")).isTrue();
      assertThat(ledger.claim("d2", "public-reply")).isTrue();
    }
  }

  @Test
  void ledger_completeKeepsRef_releaseOnlyUndoneClaims() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      EffectLedger ledger = inbox.ledger();
      ledger.claim("d1", "public-reply");
      ledger.claim("d2", "public-reply");

      ledger.complete("d1", "public-reply", "comment-4001");

      assertThat(ledger.release("d1", "public-reply")).isFalse();
      assertThat(ledger.find("d1", "public-reply"))
          .hasValueSatisfying(
              e -> {
                assertThat(e.completed()).isTrue();
                assertThat(e.externalRef()).isEqualTo("comment-4001");
              });
      assertThat(ledger.release("d2", "public-reply")).isTrue();
      assertThat(ledger.claim("d2", "public-reply")).isTrue();
      assertThat(ledger.find("d3", "public-reply")).isEmpty();
    }
  }

  @Test
  void ledger_survivesRestart() {
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      inbox.ledger().claim("d1", "public-reply");
    }
    try (SqliteInbox inbox = SqliteInbox.open(db())) {
      assertThat(inbox.ledger().claim("d1", "public-reply")).isFalse();
    }
  }
}
