package com.jsmai.plugin.inbox;

import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** An {@link EventHandler} that records what it was given; it can fail the first N calls. */
public final class RecordingEventHandler implements EventHandler {
  public final List<JiraEvent> handled = new CopyOnWriteArrayList<>();
  public final List<JiraEvent> attempts = new CopyOnWriteArrayList<>();
  private volatile int failuresLeft;

  public RecordingEventHandler failFirst(int n) {
    failuresLeft = n;
    return this;
  }

  @Override
  public void handle(JiraEvent event) {
    attempts.add(event);
    synchronized (this) {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("simulated failure");
      }
    }
    handled.add(event);
  }

  /** Polls {@code condition} until true or {@code timeout}; returns the final value. */
  public static boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
