package com.jsmai.sandbox.fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** The faults waiting to happen. Thread-safe; a fault is used up after {@code times} matches. */
public final class FaultPlan {
  private final List<Fault> faults = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(1);

  public synchronized Fault add(Fault fault) {
    Fault withId = fault.withId("f" + ids.getAndIncrement());
    faults.add(withId);
    return withId;
  }

  public synchronized List<Fault> list() {
    return List.copyOf(faults);
  }

  public synchronized void clear() {
    faults.clear();
  }

  /** Takes one use of the first HTTP fault of {@code kind} matching the call. */
  public synchronized Optional<Fault> takeHttp(Fault.Kind kind, String method, String path) {
    return take(
        f ->
            f.kind() == kind
                && (f.method() == null || f.method().equalsIgnoreCase(method))
                && (f.path() == null || globMatches(f.path(), path)));
  }

  /** Takes one use of the first webhook fault of {@code kind} matching the event. */
  public synchronized Optional<Fault> takeWebhook(Fault.Kind kind, String event) {
    return take(f -> f.kind() == kind && (f.event() == null || f.event().equals(event)));
  }

  private Optional<Fault> take(java.util.function.Predicate<Fault> match) {
    Iterator<Fault> it = faults.iterator();
    int index = 0;
    while (it.hasNext()) {
      Fault f = it.next();
      if (match.test(f)) {
        if (f.times() == 1) {
          it.remove();
        } else if (f.times() > 1) {
          faults.set(index, f.withTimes(f.times() - 1));
        }
        return Optional.of(f);
      }
      index++;
    }
    return Optional.empty();
  }

  /** {@code *} matches within one path segment, {@code **} across segments. */
  public static boolean matches(String glob, String path) {
    return globMatches(glob, path);
  }

  static boolean globMatches(String glob, String path) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.matches(re.toString(), path);
  }
}
