package com.jsmai.plugin.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format 0.0.4 by {@link #scrape()} (the HTTP layer serves it at {@code /metrics} with
 * {@code Content-Type: text/plain; version=0.0.4}). No dependencies; lock-free updates.
 *
 * <p>Metric and label names are checked when a family is registered; label values are escaped on
 * output. Registering the same name twice returns the existing family if the type and labels agree.
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Family<?>> families = new ConcurrentHashMap<>();
  private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A family of time series sharing a name and label names. */
  public abstract static sealed class Family<C> permits Counter, Gauge, Histogram {
    final String name;
    final String help;
    final List<String> labelNames;
    final Map<List<String>, C> children = new ConcurrentHashMap<>();

    Family(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = List.copyOf(labelNames);
    }

    abstract String type();

    abstract C newChild();

    /** The series for these label values (in the order the labels were declared). */
    public C labels(String... values) {
      if (values.length != labelNames.size()) {
        throw new IllegalArgumentException(
            name + " takes labels " + labelNames + ", got " + Arrays.toString(values));
      }
      for (String v : values) Objects.requireNonNull(v, "label value of " + name);
      return children.computeIfAbsent(List.of(values), k -> newChild());
    }
  }

  /** A monotonically increasing count. */
  public static final class Counter extends Family<Counter.Child> {
    Counter(String name, String help, List<String> labels) {
      super(name, help, labels);
    }

    @Override
    String type() {
      return "counter";
    }

    @Override
    Child newChild() {
      return new Child();
    }

    /** Shortcut for a counter without labels. */
    public void inc() {
      labels().inc();
    }

    public static final class Child {
      private final DoubleAdder value = new DoubleAdder();

      public void inc() {
        value.add(1);
      }

      public void inc(double amount) {
        if (amount < 0) throw new IllegalArgumentException("counter increment < 0: " + amount);
        value.add(amount);
      }

      public double get() {
        return value.sum();
      }
    }
  }

  /** A value that goes up and down, set directly or read from a supplier at scrape time. */
  public static final class Gauge extends Family<Gauge.Child> {
    Gauge(String name, String help, List<String> labels) {
      super(name, help, labels);
    }

    @Override
    String type() {
      return "gauge";
    }

    @Override
    Child newChild() {
      return new Child();
    }

    public static final class Child {
      private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
      private volatile DoubleSupplier supplier;

      public void set(double v) {
        bits.set(Double.doubleToLongBits(v));
      }

      public void add(double d) {
        bits.getAndUpdate(b -> Double.doubleToLongBits(Double.longBitsToDouble(b) + d));
      }

      /** Reads the value from {@code s} at each scrape (queue depth, cache size). */
      public void setSupplier(DoubleSupplier s) {
        this.supplier = s;
      }

      public double get() {
        DoubleSupplier s = supplier;
        return s != null ? s.getAsDouble() : Double.longBitsToDouble(bits.get());
      }
    }
  }

  /** Observations counted into cumulative buckets, with their sum and count. */
  public static final class Histogram extends Family<Histogram.Child> {
    final double[] bounds;

    Histogram(String name, String help, List<String> labels, double[] bounds) {
      super(name, help, labels);
      for (int i = 1; i < bounds.length; i++) {
        if (!(bounds[i] > bounds[i - 1])) {
          throw new IllegalArgumentException(
              name + " buckets must increase: " + Arrays.toString(bounds));
        }
      }
      this.bounds = bounds.clone();
    }

    @Override
    String type() {
      return "histogram";
    }

    @Override
    Child newChild() {
      return new Child(bounds);
    }

    public static final class Child {
      private final double[] bounds;
      private final LongAdder[] buckets;
      private final DoubleAdder sum = new DoubleAdder();
      private final LongAdder count = new LongAdder();

      Child(double[] bounds) {
        this.bounds = bounds;
        this.buckets = new LongAdder[bounds.length];
        for (int i = 0; i < bounds.length; i++) buckets[i] = new LongAdder();
      }

      public void observe(double v) {
        for (int i = 0; i < bounds.length; i++) {
          if (v <= bounds[i]) {
            buckets[i].increment();
            break;
          }
        }
        sum.add(v);
        count.increment();
      }

      public long count() {
        return count.sum();
      }

      public double sum() {
        return sum.sum();
      }
    }
  }

  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(checkName(name, "_total"), help, checkLabels(labelNames)));
  }

  public Gauge gauge(String name, String help, String... labelNames) {
    return register(new Gauge(checkName(name, null), help, checkLabels(labelNames)));
  }

  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    List<String> labels = checkLabels(labelNames);
    if (labels.contains("le")) throw new IllegalArgumentException("'le' is reserved in " + name);
    return register(new Histogram(checkName(name, null), help, labels, buckets));
  }

  @SuppressWarnings("unchecked")
  private <F extends Family<?>> F register(F family) {
    Family<?> existing = families.putIfAbsent(family.name, family);
    if (existing == null) {
      order.add(family.name);
      return family;
    }
    if (existing.getClass() != family.getClass()
        || !existing.labelNames.equals(family.labelNames)) {
      throw new IllegalArgumentException(
          "metric "
              + family.name
              + " already registered as "
              + existing.type()
              + existing.labelNames);
    }
    return (F) existing;
  }

  private static String checkName(String name, String requiredSuffix) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name: " + name);
    }
    if (requiredSuffix != null && !name.endsWith(requiredSuffix)) {
      throw new IllegalArgumentException("counter names end in " + requiredSuffix + ": " + name);
    }
    return name;
  }

  private static List<String> checkLabels(String[] labels) {
    for (String l : labels) {
      if (l == null || !LABEL.matcher(l).matches() || l.startsWith("__")) {
        throw new IllegalArgumentException("invalid label name: " + l);
      }
    }
    return List.of(labels);
  }

  /** All families in the Prometheus text format 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    for (String n : order) {
      Family<?> f = families.get(n);
      out.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type()).append('\n');
      for (Map.Entry<List<String>, ?> e : sorted(f)) {
        List<String> values = e.getKey();
        if (f instanceof Histogram h) {
          Histogram.Child child = (Histogram.Child) e.getValue();
          long cumulative = 0;
          for (int i = 0; i < h.bounds.length; i++) {
            cumulative += child.buckets[i].sum();
            sample(out, f.name + "_bucket", f.labelNames, values, format(h.bounds[i]), cumulative);
          }
          sample(out, f.name + "_bucket", f.labelNames, values, "+Inf", child.count());
          sample(out, f.name + "_sum", f.labelNames, values, null, child.sum());
          sample(out, f.name + "_count", f.labelNames, values, null, child.count());
        } else if (f instanceof Counter) {
          sample(out, f.name, f.labelNames, values, null, ((Counter.Child) e.getValue()).get());
        } else {
          sample(out, f.name, f.labelNames, values, null, ((Gauge.Child) e.getValue()).get());
        }
      }
    }
    return out.toString();
  }

  private static List<? extends Map.Entry<List<String>, ?>> sorted(Family<?> f) {
    List<Map.Entry<List<String>, ?>> entries = new ArrayList<>(f.children.entrySet());
    entries.sort(
        (a, b) -> String.join("\u0000", a.getKey()).compareTo(String.join("\u0000", b.getKey())));
    return entries;
  }

  private static void sample(
      StringBuilder out,
      String name,
      List<String> labelNames,
      List<String> values,
      String le,
      double value) {
    out.append(name);
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelNames.size(); i++) labels.put(labelNames.get(i), values.get(i));
    if (le != null) labels.put("le", le);
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (!first) out.append(',');
        first = false;
        out.append(l.getKey()).append("=\"").append(escapeValue(l.getValue())).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(format(value)).append('\n');
  }

  private static String format(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  private static String escapeValue(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
