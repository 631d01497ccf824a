package com.jsmai.plugin.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Pulls {@code [MEMORY]} facts out of a ticket: tagged fields first, then every pattern over every
 * text in thread order. A value seen in a public text is public even if an internal note repeats
 * it; a value seen only in internal notes stays marked internal.
 *
 * <p>Stateless and thread-safe.
 */
public final class FactExtractor {
  private static final int MAX_VALUE_CHARS = 200;

  private final MemoryConfig config;

  public FactExtractor(MemoryConfig config) {
    this.config = config;
  }

  /** One text of the thread. */
  public record Source(String id, String text, boolean internal) {}

  /**
   * @param fieldValues the ticket's field values by field id (and, for convenience, by name)
   * @param texts the description and comments, oldest first
   * @return distinct facts, at most {@code maxFacts}, fields first, then by first appearance (the
   *     oldest dropped when over the cap)
   */
  public List<Fact> extract(Map<String, String> fieldValues, List<Source> texts) {
    Map<String, Fact> byKey = new LinkedHashMap<>();
    List<Fact> fieldFacts = new ArrayList<>();
    for (Map.Entry<String, String> tagged : config.fields().entrySet()) {
      String value = fieldValues.get(tagged.getKey());
      if (value != null && !value.isBlank()) {
        fieldFacts.add(
            new Fact(tagged.getValue(), clip(value.strip()), "field:" + tagged.getKey(), false));
      }
    }
    for (Source source : texts) {
      if (source.text() == null) continue;
      // Earlier patterns claim their spans so a phone rule does not re-read an order number.
      boolean[] claimed = new boolean[source.text().length()];
      for (FactPattern rule : config.patterns()) {
        Matcher m = rule.pattern().matcher(source.text());
        while (m.find()) {
          int start = m.groupCount() >= 1 && m.group(1) != null ? m.start(1) : m.start();
          int end = m.groupCount() >= 1 && m.group(1) != null ? m.end(1) : m.end();
          if (start == end || overlaps(claimed, start, end)) continue;
          for (int i = start; i < end; i++) claimed[i] = true;
          String value = clip(source.text().substring(start, end).strip());
          String key = rule.label() + "\u0000" + normalise(value);
          Fact existing = byKey.get(key);
          if (existing == null) {
            byKey.put(key, new Fact(rule.label(), value, source.id(), source.internal()));
          } else if (existing.internal() && !source.internal()) {
            byKey.put(key, new Fact(rule.label(), existing.value(), source.id(), false));
          }
        }
      }
    }
    List<Fact> all = new ArrayList<>(fieldFacts);
    for (Fact f : byKey.values()) {
      boolean duplicateOfField =
          fieldFacts.stream().anyMatch(ff -> normalise(ff.value()).equals(normalise(f.value())));
      if (!duplicateOfField) all.add(f);
    }
    if (all.size() > config.maxFacts()) {
      // Keep tagged fields, then the newest extracted facts.
      List<Fact> kept = new ArrayList<>(fieldFacts);
      List<Fact> rest = all.subList(fieldFacts.size(), all.size());
      int room = Math.max(0, config.maxFacts() - kept.size());
      kept.addAll(rest.subList(Math.max(0, rest.size() - room), rest.size()));
      return List.copyOf(kept.subList(0, Math.min(kept.size(), config.maxFacts())));
    }
    return List.copyOf(all);
  }

  private static boolean overlaps(boolean[] claimed, int start, int end) {
    for (int i = start; i < end; i++) if (claimed[i]) return true;
    return false;
  }

  private static String normalise(String value) {
    return value.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
  }

  private static String clip(String value) {
    String oneLine = value.replaceAll("[\\r\\n]+", " ");
    return oneLine.length() > MAX_VALUE_CHARS ? oneLine.substring(0, MAX_VALUE_CHARS) : oneLine;
  }

  /** The facts a customer-visible prompt may carry: never those only seen in internal notes. */
  public static List<Fact> publicOnly(List<Fact> facts) {
    return facts.stream().filter(f -> !f.internal()).toList();
  }
}
