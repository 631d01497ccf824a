package com.jsmai.plugin.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Every write to the inbox file goes through this one thread. It takes whatever tasks are queued
 * (up to MAX_BATCH), runs them in one IMMEDIATE transaction, commits once, and only then completes
 * the callers' futures. Concurrent webhook requests therefore share one fsync (group commit) while
 * each still gets its 2xx only after its row is durable. If any task throws, the batch rolls back
 * and each task is re-run in a transaction of its own, so only the culprit fails (tasks are pure
 * SQL on this connection, so re-running is safe).
 *
 * Durability is per task. A durable task (the default: a stored webhook, an effect claim) is
 * committed with synchronous=FULL, so it is on disk when its future completes. Bookkeeping whose
 * loss the pipeline already survives (a worker's claim or lease renewal, an event marked done, an
 * effect marked done) may ask for synchronous=NORMAL: in WAL mode that commit is atomic and
 * survives a process crash but skips the fsync, so only a power loss or OS crash can undo it, and
 * the next FULL commit (or checkpoint) makes it durable too, since the WAL is one ordered file.
 * A batch is FULL when any of its tasks is durable.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 512;

  /** One unit of work on the write connection. */
  @FunctionalInterface
  interface Task<T> {
    T run(Connection c) throws SQLException;
  }

  private record Pending<T>(Task<T> task, boolean durable, CompletableFuture<T> future) {}

  private final Connection connection;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  // Only touched by the writer thread. SQLite's default is FULL; connect() sets it explicitly.
  private boolean fullSync = true;

  GroupCommitWriter(Connection connection, String name) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(true);
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** A durable task: committed with an fsync before its future completes. */
  <T> CompletableFuture<T> submit(Task<T> task) {
    return submit(task, true);
  }

  /**
   * @param durable false for bookkeeping that may be undone by a power loss (see the class
   *     comment): committed without an fsync unless it shares the batch with a durable task
   */
  <T> CompletableFuture<T> submit(Task<T> task, boolean durable) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("inbox is closed"));
      return f;
    }
    queue.add(new Pending<>(task, durable, f));
    return f;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("inbox writer: unexpected failure", e);
      } finally {
        batch.clear();
      }
    }
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      p.future().completeExceptionally(new IllegalStateException("inbox is closed"));
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    try {
      sync(batch.stream().anyMatch(Pending::durable));
      // Fast path: the whole batch in one transaction, no per-task savepoints.
      transaction(
          () -> {
            for (int i = 0; i < batch.size(); i++) {
              results[i] = batch.get(i).task().run(connection);
            }
          });
    } catch (SQLException | RuntimeException batchFailure) {
      if (batch.size() == 1) {
        batch.get(0).future().completeExceptionally(batchFailure);
        return;
      }
      // Some task failed and the batch rolled back: run each alone so only the culprit fails.
      for (Pending<?> p : batch) {
        Object[] one = new Object[1];
        try {
          sync(p.durable());
          transaction(() -> one[0] = p.task().run(connection));
          complete(p, one[0], null);
        } catch (SQLException | RuntimeException e) {
          complete(p, null, e);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results[i], null);
    }
  }

  /** Sets synchronous=FULL or NORMAL for the next commit (a no-op when it is already so). */
  private void sync(boolean full) throws SQLException {
    if (full == fullSync) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    }
    fullSync = full;
  }

  private interface Body {
    void run() throws SQLException;
  }

  /** BEGIN IMMEDIATE, body, COMMIT; ROLLBACK and rethrow on any failure. */
  private void transaction(Body body) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        body.run();
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException ignored) {
          // the original failure is what matters
        }
        throw e;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object result, Throwable failure) {
    if (failure != null) {
      p.future().completeExceptionally(failure);
    } else {
      p.future().complete((T) result);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("inbox writer: close failed: {}", e.getMessage());
    }
  }
}
