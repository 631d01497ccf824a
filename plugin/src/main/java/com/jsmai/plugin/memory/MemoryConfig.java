package com.jsmai.plugin.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to remember for one service desk.
 *
 * @param patterns extraction rules, applied to the description and every comment
 * @param fields ticket fields tagged {@code [MEMORY]}: field id (or name) to the label shown to the
 *     model; their values join the facts
 * @param maxFacts cap on facts kept (newest kept), so the system prompt stays small
 */
public record MemoryConfig(List<FactPattern> patterns, Map<String, String> fields, int maxFacts) {
  public MemoryConfig {
    patterns = List.copyOf(patterns);
    fields = Map.copyOf(fields);
    if (maxFacts < 1) throw new IllegalArgumentException("maxFacts < 1: " + maxFacts);
  }

  /** The built-in patterns only, no tagged fields, 30 facts. */
  public static MemoryConfig defaults() {
    return new MemoryConfig(DEFAULT_PATTERNS, Map.of(), 30);
  }

  /** The built-in patterns plus a desk's own, and its tagged fields. */
  public static MemoryConfig withExtra(List<FactPattern> extra, Map<String, String> fields) {
    List<FactPattern> all = new ArrayList<>(extra); // desk rules first: they win on overlaps
    all.addAll(DEFAULT_PATTERNS);
    return new MemoryConfig(all, fields, 30);
  }

  /**
   * Built-in rules. Order numbers cover the retail data set's {@code #W2378156}, sales orders like
   * {@code SO-20240915-8812}, and labelled numbers ("Order No: 1234567", "订单号：1234567"), as
   * Zammad's text extractor does.
   */
  public static final List<FactPattern> DEFAULT_PATTERNS =
      List.of(
          FactPattern.of("order number", "(?<![\\w#])(#W\\d{7})(?!\\w)"),
          FactPattern.of("order number", "(?<!\\w)(SO-\\d{8}-\\d{3,6})(?!\\w)"),
          FactPattern.of(
              "order number",
              "\\border\\s*(?:no\\.?|number|num|id|#)\\s*[:：#]?\\s*((?=[A-Z-]*\\d)[A-Z0-9][A-Z0-9-]{3,})"),
          FactPattern.of("order number", "订单(?:号|编号)\\s*[:：]?\\s*([A-Za-z0-9#-]{4,})"),
          FactPattern.of("email", "(?<![\\w.+-])([\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+)"),
          FactPattern.of("phone", "(?<![\\w+])((?:\\+?86[ -]?)?1[3-9]\\d{9})(?!\\d)"),
          FactPattern.of(
              "phone",
              "(?<![\\w])(\\+\\d{1,3}[ -]?\\(?\\d{2,4}\\)?[ -]?\\d{3,4}[ -]?\\d{3,4})(?!\\d)"),
          FactPattern.of("tracking number", "(?<!\\w)(1Z[0-9A-Z]{16})(?!\\w)"),
          FactPattern.of("tracking number", "(?<!\\w)(SF\\d{12,13})(?!\\w)"),
          FactPattern.of(
              "tracking number",
              "\\btracking\\s*(?:no\\.?|number|#|id)?\\s*[:：#]?\\s*((?=[A-Z]*\\d)[A-Z0-9]{8,30})"),
          FactPattern.of("tracking number", "(?:运单号|快递单号|物流单号)\\s*[:：]?\\s*([A-Za-z0-9]{8,30})"),
          FactPattern.of(
              "account id",
              "\\b(?:account|acct|customer|user)\\s*(?:id|number|no\\.?)\\s*[:：#]?\\s*((?=[A-Za-z_-]*\\d)[A-Za-z0-9_-]{4,})"),
          FactPattern.of("account id", "(?:账号|账户|会员号)\\s*[:：]?\\s*([A-Za-z0-9_@.-]{4,})"),
          FactPattern.of(
              "amount",
              "((?:[$€£¥]|US\\$|RMB|CNY|USD|EUR)\\s?\\d{1,3}(?:,\\d{3})*(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?\\s?(?:USD|EUR|CNY|RMB|元|块))"));
}
