package com.jsmai.plugin.inbox;

import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.inbox.SqliteInbox.Claim;
import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool that hands stored events to the {@link EventHandler}.
 *
 * <p>Each worker claims one event at a time under a lease (renewed while the handler runs), so a
 * crashed process's events become pending again once their lease runs out. Never two events of the
 * same issue at once, and in arrival order per issue. A handler that throws gets the event back
 * after an exponential backoff with jitter; after {@code maxAttempts} the event goes dead (kept,
 * listed by {@link SqliteInbox#list}, re-queueable with {@link SqliteInbox#requeue}).
 */
public final class InboxWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxWorkers.class);

  private final SqliteInbox inbox;
  private final EventHandler handler;
  private final IssueKeyResolver resolver;
  private final InboxConfig config;
  private final String owner = "worker-" + UUID.randomUUID();
  private final Semaphore wake = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService heartbeat;
  private final ConcurrentHashMap<Long, Claim> inFlight = new ConcurrentHashMap<>();
  private final LongUnaryOperator jitter;
  private volatile Predicate<Throwable> retryLater = e -> false;
  private volatile boolean running;

  public InboxWorkers(
      SqliteInbox inbox, EventHandler handler, IssueKeyResolver resolver, InboxConfig config) {
    this(
        inbox, handler, resolver, config, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** {@code jitter} returns a value in [0, bound]: tests pass a fixed one. */
  InboxWorkers(
      SqliteInbox inbox,
      EventHandler handler,
      IssueKeyResolver resolver,
      InboxConfig config,
      LongUnaryOperator jitter) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.config = Objects.requireNonNull(config, "config");
    this.jitter = jitter;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("inbox-lease-heartbeat"));
    inbox.onNewWork(() -> wake.release(config.workers()));
  }

  /**
   * Failures that are "not yet" rather than "failed": the event goes back to pending after the
   * usual backoff but the attempt is not counted, so it never goes dead for them (an unreachable
   * model, another worker holding the effect's claim). The handler must bound such waits itself
   * (the reply pipeline hands off after its model deadline). Set before {@link #start}.
   */
  public InboxWorkers retryLaterWhen(Predicate<Throwable> condition) {
    this.retryLater = Objects.requireNonNull(condition, "condition");
    return this;
  }

  /** Starts the workers; stored events (including a previous run's) are picked up at once. */
  public synchronized InboxWorkers start() {
    if (running) {
      return this;
    }
    running = true;
    for (int i = 0; i < config.workers(); i++) {
      Thread t = new Thread(this::loop, "inbox-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    long every = renewEvery(config.lease()).toMillis();
    heartbeat.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * How often the heartbeat renews the leases in flight: a quarter of the lease, at a fixed rate,
   * so three renewals fall inside one lease and a heartbeat starved of CPU (or queued behind the
   * writer's fsyncs) for up to three quarters of a lease still renews in time.
   */
  static Duration renewEvery(Duration lease) {
    return Duration.ofMillis(Math.max(50, lease.toMillis() / 4));
  }

  /** This process's lease owner id (appears in the {@code lease_owner} column). */
  public String owner() {
    return owner;
  }

  private void loop() {
    while (running) {
      try {
        // Drain before looking: a store committed after this point leaves a permit, so the wait
        // below cannot sleep through it.
        wake.drainPermits();
        var claim = inbox.claim(owner, config.lease(), config.maxAttempts());
        if (claim.isEmpty()) {
          wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        StageTimeline.mark("inbox claimed", claim.get().entry().event().kind());
        process(claim.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          log.error("inbox worker: {}", e.getMessage(), e);
          sleepQuietly(config.pollInterval());
        }
      }
    }
  }

  private void process(Claim claim) {
    InboxEntry entry = claim.entry();
    IncomingEvent incoming = entry.event();
    inFlight.put(entry.id(), claim);
    try {
      String key = incoming.issueKey();
      if (key == null) {
        key = resolver.issueKeyOf(incoming.issueId());
        if (key == null || key.isBlank()) {
          throw new IllegalStateException("no issue key found for issue id " + incoming.issueId());
        }
        inbox.recordIssueKey(claim, key);
      }
      JiraEvent event = incoming.toJiraEvent(key);
      handler.handle(event);
      StageTimeline.mark("handled", event.kind());
      // Out of the heartbeat's set before the row changes, or a renewal racing the update would
      // find the row done and report a lost lease.
      inFlight.remove(entry.id());
      if (!inbox.complete(claim)) {
        log.warn("event {} finished after its lease was lost", incoming.deliveryId());
      }
      StageTimeline.mark("inbox completed", event.kind());
    } catch (Exception e) {
      failed(claim, e);
    } finally {
      inFlight.remove(entry.id());
    }
  }

  private void failed(Claim claim, Exception e) {
    InboxEntry entry = claim.entry();
    inFlight.remove(entry.id());
    String error = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (retryLater.test(e)) {
      Duration wait = backoff(Math.max(1, entry.attempts() - 1));
      log.info(
          "event {} not done yet, retry in {} ms (attempt not counted): {}",
          entry.event().deliveryId(),
          wait.toMillis(),
          error);
      inbox.retryLater(claim, error, Instant.ofEpochMilli(inbox.clock().millis()).plus(wait));
      return;
    }
    if (entry.attempts() >= config.maxAttempts()) {
      log.warn(
          "event {} is dead after {} attempts: {}",
          entry.event().deliveryId(),
          entry.attempts(),
          error);
      inbox.fail(claim, error, null);
      return;
    }
    Duration wait = backoff(entry.attempts());
    log.info(
        "event {} failed (attempt {} of {}), retry in {} ms: {}",
        entry.event().deliveryId(),
        entry.attempts(),
        config.maxAttempts(),
        wait.toMillis(),
        error);
    inbox.fail(claim, error, Instant.ofEpochMilli(inbox.clock().millis()).plus(wait));
  }

  /**
   * Wait before retry after {@code attempts} failures: the exponential step {@code initial *
   * 2^(attempts-1)}, capped at {@code maxBackoff}, of which the upper half is random ("equal
   * jitter": never zero, and concurrent failures spread out).
   */
  Duration backoff(int attempts) {
    long initial = config.initialBackoff().toMillis();
    long cap = config.maxBackoff().toMillis();
    int shift = Math.min(Math.max(attempts - 1, 0), 30);
    long step = Math.min(cap, initial << shift);
    if (step < 0) {
      step = cap;
    }
    long half = step / 2;
    return Duration.ofMillis(step - half + jitter.applyAsLong(half));
  }

  /**
   * Renews every lease in flight in one write; returns the delivery ids whose lease was lost (the
   * row went to another owner after expiring). The handler keeps running then: the effect ledger
   * keeps its visible effect at most once even if the new owner runs it too.
   */
  List<String> renewLeases() {
    List<Claim> claims = List.copyOf(inFlight.values());
    if (claims.isEmpty()) return List.of();
    List<String> lost = new ArrayList<>();
    try {
      for (Claim c : inbox.renew(claims, config.lease())) {
        // Finished meanwhile (completed or failed): not a loss.
        if (inFlight.get(c.entry().id()) != c) continue;
        lost.add(c.entry().event().deliveryId());
        log.warn(
            "lost the lease of event {}: it expired and another worker claimed it (effects stay"
                + " at most once through the effect ledger)",
            c.entry().event().deliveryId());
      }
    } catch (RuntimeException e) {
      log.warn("lease renewal failed: {}", e.getMessage());
    }
    return lost;
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops claiming, waits up to 10 s for handlers in progress; unfinished ones are reclaimed later.
   */
  @Override
  public void close() {
    running = false;
    wake.release(threads.size() + 1);
    heartbeat.shutdownNow();
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
