package com.jsmai.plugin.tools;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, in arrival order; for tests and for a process without audit. */
public final class InMemoryToolCallRecorder implements ToolCallRecorder {
  private final List<ToolCallRecord> records = new ArrayList<>();

  @Override
  public synchronized void record(ToolCallRecord record) {
    records.add(record);
  }

  public synchronized List<ToolCallRecord> records() {
    return List.copyOf(records);
  }

  public synchronized List<ToolCallRecord> recordsFor(String ticketKey) {
    return records.stream().filter(r -> r.ticketKey().equals(ticketKey)).toList();
  }
}
