package com.jsmai.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident-set figures of this process from {@code /proc/self/status} (Linux); -1 elsewhere. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Peak resident set (VmHWM), bytes. */
  public static long peakRssBytes() {
    return field("VmHWM:");
  }

  /** Current resident set (VmRSS), bytes. */
  public static long rssBytes() {
    return field("VmRSS:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
