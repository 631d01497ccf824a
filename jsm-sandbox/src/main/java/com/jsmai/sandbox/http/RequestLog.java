package com.jsmai.sandbox.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The last 10,000 REST calls, oldest first. Thread-safe. */
public final class RequestLog {
  private static final int MAX = 10_000;
  private final Deque<LoggedRequest> entries = new ArrayDeque<>();
  private final AtomicLong seq = new AtomicLong(1);

  public long nextSeq() {
    return seq.getAndIncrement();
  }

  public synchronized void add(LoggedRequest r) {
    entries.addLast(r);
    while (entries.size() > MAX) {
      entries.removeFirst();
    }
  }

  public synchronized List<LoggedRequest> all() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }
}
