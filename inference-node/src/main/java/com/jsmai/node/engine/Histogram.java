package com.jsmai.node.engine;

import java.util.Arrays;
import java.util.Locale;

/** A Prometheus-style cumulative histogram of seconds; thread-safe. */
public final class Histogram {
  private final double[] bounds; // upper bounds, ascending, seconds
  private final long[] counts; // per bucket (not cumulative), last = +Inf
  private double sum;
  private long count;

  public Histogram(double... bounds) {
    this.bounds = bounds.clone();
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) {
        throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(bounds));
      }
    }
    this.counts = new long[bounds.length + 1];
  }

  public synchronized void observe(double seconds) {
    int i = 0;
    while (i < bounds.length && seconds > bounds[i]) {
      i++;
    }
    counts[i]++;
    sum += seconds;
    count++;
  }

  public synchronized long count() {
    return count;
  }

  /** Appends the {@code _bucket}, {@code _sum} and {@code _count} lines. */
  public synchronized void write(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i];
      out.append(name)
          .append("_bucket{le=\"")
          .append(String.format(Locale.ROOT, "%s", bounds[i]))
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += counts[bounds.length];
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    out.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.6f", sum)).append('\n');
    out.append(name).append("_count ").append(count).append('\n');
  }
}
