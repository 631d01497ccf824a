package com.jsmai.plugin.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.conversation.ContextConfig;
import com.jsmai.plugin.memory.FactPattern;
import com.jsmai.plugin.memory.MemoryConfig;
import com.jsmai.plugin.policy.HandoffPolicy;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.policy.Scoped;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.PromptTemplate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code reply} section of the plugin configuration (YAML or JSON, already parsed by
 * Jackson) into a {@link ReplyConfig}. Strict: an unknown key, a bad value or an unknown template
 * variable fails here, at configuration time, with the path of the offending entry. The format is
 * documented in docs/reply-policy.md and docs/conversation.md.
 *
 * <p>Scoping: {@code defaults} apply everywhere; {@code serviceDesks.<id>} overrides keys of the
 * defaults for one desk; {@code serviceDesks.<id>.requestTypes.<id>} overrides the desk's. Nested
 * objects ({@code handoff}, {@code prompt}, {@code memory}) are merged key by key.
 */
public final class ReplyConfigReader {
  private static final Set<String> TOP =
      Set.of(
          "temperature",
          "context",
          "serviceDeskNames",
          "defaults",
          "serviceDesks",
          "staleClaimAfterSeconds",
          "clockSkewSeconds",
          "scheduledRetrySeconds");
  private static final Set<String> SCOPE =
      Set.of("mode", "delaySeconds", "maxAutoReplies", "footer", "handoff", "prompt", "memory");
  private static final Set<String> HANDOFF =
      Set.of(
          "transition",
          "labels",
          "onRepeatedQuestion",
          "maxModelFailures",
          "modelDeadlineMinutes",
          "modelDeadlineSeconds",
          "humanPhrases",
          "customerNotice",
          "customerNoticeText");
  private static final Set<String> PROMPT =
      Set.of("template", "defaultGuidance", "timeZone", "regionField", "defaultRegion");
  private static final Set<String> MEMORY =
      Set.of("patterns", "fields", "maxFacts", "includeDefaultPatterns");
  private static final Set<String> CONTEXT =
      Set.of("windowTurns", "contextWindow", "replyTokens", "summaryTokens", "safetyMargin");

  private ReplyConfigReader() {}

  /** Parses the section; a missing or empty node gives {@link ReplyConfig#defaults()}. */
  public static ReplyConfig read(JsonNode reply) {
    if (reply == null || reply.isMissingNode() || reply.isNull()) return ReplyConfig.defaults();
    requireObject(reply, "reply");
    checkKeys(reply, TOP, "reply");
    ReplyConfig d = ReplyConfig.defaults();

    ObjectNode defaults =
        reply.has("defaults")
            ? object(reply.get("defaults"), "reply.defaults")
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    checkScope(defaults, "reply.defaults");
    Scoped<ReplyPolicy> policies = Scoped.of(policy(defaults, "reply.defaults"));
    Scoped<PromptConfig> prompts = Scoped.of(prompt(defaults, "reply.defaults"));
    Scoped<MemoryConfig> memories = Scoped.of(memory(defaults, "reply.defaults"));

    if (reply.has("serviceDesks")) {
      JsonNode desks = object(reply.get("serviceDesks"), "reply.serviceDesks");
      for (Map.Entry<String, JsonNode> desk : desks.properties()) {
        String path = "reply.serviceDesks." + desk.getKey();
        ObjectNode deskNode = object(desk.getValue(), path).deepCopy();
        JsonNode types = deskNode.remove("requestTypes");
        checkScope(deskNode, path);
        ObjectNode deskMerged = merge(defaults, deskNode);
        policies = policies.forDesk(desk.getKey(), policy(deskMerged, path));
        prompts = prompts.forDesk(desk.getKey(), prompt(deskMerged, path));
        memories = memories.forDesk(desk.getKey(), memory(deskMerged, path));
        if (types == null) continue;
        for (Map.Entry<String, JsonNode> type :
            object(types, path + ".requestTypes").properties()) {
          String typePath = path + ".requestTypes." + type.getKey();
          ObjectNode typeNode = object(type.getValue(), typePath);
          checkScope(typeNode, typePath);
          ObjectNode typeMerged = merge(deskMerged, typeNode);
          policies =
              policies.forRequestType(desk.getKey(), type.getKey(), policy(typeMerged, typePath));
          prompts =
              prompts.forRequestType(desk.getKey(), type.getKey(), prompt(typeMerged, typePath));
          memories =
              memories.forRequestType(desk.getKey(), type.getKey(), memory(typeMerged, typePath));
        }
      }
    }

    Map<String, String> names = new LinkedHashMap<>();
    if (reply.has("serviceDeskNames")) {
      object(reply.get("serviceDeskNames"), "reply.serviceDeskNames")
          .properties()
          .forEach(
              e ->
                  names.put(
                      e.getKey(), text(e.getValue(), "reply.serviceDeskNames." + e.getKey())));
    }
    ContextConfig context = d.context();
    if (reply.has("context")) {
      JsonNode c = object(reply.get("context"), "reply.context");
      checkKeys(c, CONTEXT, "reply.context");
      ContextConfig base = d.context();
      context =
          wrap(
              "reply.context",
              () ->
                  new ContextConfig(
                      integer(c, "windowTurns", base.windowTurns(), "reply.context"),
                      integer(c, "contextWindow", base.contextWindow(), "reply.context"),
                      integer(c, "replyTokens", base.replyTokens(), "reply.context"),
                      integer(c, "summaryTokens", base.summaryTokens(), "reply.context"),
                      integer(c, "safetyMargin", base.safetyMargin(), "reply.context")));
    }
    double temperature =
        reply.path("temperature").isNumber()
            ? reply.get("temperature").asDouble()
            : d.temperature();
    Duration stale = seconds(reply, "staleClaimAfterSeconds", d.staleClaimAfter(), "reply");
    Duration skew = seconds(reply, "clockSkewSeconds", d.clockSkew(), "reply");
    Duration retry = seconds(reply, "scheduledRetrySeconds", d.scheduledRetry(), "reply");
    ContextConfig finalContext = context;
    Scoped<ReplyPolicy> finalPolicies = policies;
    Scoped<PromptConfig> finalPrompts = prompts;
    Scoped<MemoryConfig> finalMemories = memories;
    return wrap(
        "reply",
        () ->
            new ReplyConfig(
                finalPolicies,
                finalPrompts,
                finalMemories,
                names,
                finalContext,
                temperature,
                stale,
                skew,
                retry));
  }

  private static void checkScope(JsonNode scope, String path) {
    checkKeys(scope, SCOPE, path);
    if (scope.has("handoff"))
      checkKeys(object(scope.get("handoff"), path + ".handoff"), HANDOFF, path + ".handoff");
    if (scope.has("prompt"))
      checkKeys(object(scope.get("prompt"), path + ".prompt"), PROMPT, path + ".prompt");
    if (scope.has("memory"))
      checkKeys(object(scope.get("memory"), path + ".memory"), MEMORY, path + ".memory");
  }

  private static ReplyPolicy policy(JsonNode s, String path) {
    ReplyPolicy d = ReplyPolicy.defaults();
    ReplyMode mode =
        s.has("mode")
            ? wrap(path + ".mode", () -> ReplyMode.parse(text(s.get("mode"), path + ".mode")))
            : d.mode();
    Duration delay = seconds(s, "delaySeconds", d.delay(), path);
    int max = integer(s, "maxAutoReplies", d.maxAutoReplies(), path);
    String footer = s.has("footer") ? text(s.get("footer"), path + ".footer") : d.footer();
    HandoffPolicy hd = d.handoff();
    HandoffPolicy handoff = hd;
    if (s.has("handoff")) {
      JsonNode h = s.get("handoff");
      String hp = path + ".handoff";
      handoff =
          wrap(
              hp,
              () ->
                  new HandoffPolicy(
                      h.has("transition") && !h.get("transition").isNull()
                          ? text(h.get("transition"), hp + ".transition")
                          : hd.transitionName(),
                      h.has("labels") ? strings(h.get("labels"), hp + ".labels") : hd.labels(),
                      h.has("onRepeatedQuestion")
                          ? bool(h.get("onRepeatedQuestion"), hp)
                          : hd.onRepeatedQuestion(),
                      integer(h, "maxModelFailures", hd.maxModelFailures(), hp),
                      // Seconds are for tests and demos that cannot wait minutes.
                      h.has("modelDeadlineSeconds")
                          ? Duration.ofSeconds(integer(h, "modelDeadlineSeconds", 900, hp))
                          : h.has("modelDeadlineMinutes")
                              ? Duration.ofMinutes(integer(h, "modelDeadlineMinutes", 15, hp))
                              : hd.modelDeadline(),
                      h.has("humanPhrases")
                          ? strings(h.get("humanPhrases"), hp + ".humanPhrases")
                          : hd.extraHumanPhrases(),
                      h.has("customerNotice")
                          ? bool(h.get("customerNotice"), hp + ".customerNotice")
                          : hd.customerNotice(),
                      h.has("customerNoticeText") && !h.get("customerNoticeText").isNull()
                          ? noticeText(h.get("customerNoticeText"), hp + ".customerNoticeText")
                          : hd.customerNoticeText()));
    }
    HandoffPolicy finalHandoff = handoff;
    return wrap(path, () -> new ReplyPolicy(mode, delay, max, footer, finalHandoff));
  }

  /** One text for every language, or {@code {en: .., zh: ..}}. */
  private static Map<String, String> noticeText(JsonNode node, String path) {
    if (node.isTextual()) {
      String t = text(node, path);
      Map<String, String> all = new HashMap<>();
      for (String lang : HandoffPolicy.NOTICE_LANGUAGES) all.put(lang, t);
      return all;
    }
    ObjectNode o = object(node, path);
    checkKeys(o, HandoffPolicy.NOTICE_LANGUAGES, path);
    Map<String, String> byLanguage = new HashMap<>();
    o.fields()
        .forEachRemaining(
            e -> byLanguage.put(e.getKey(), text(e.getValue(), path + "." + e.getKey())));
    return byLanguage;
  }

  private static PromptConfig prompt(JsonNode s, String path) {
    PromptConfig d = PromptConfig.defaults();
    if (!s.has("prompt")) return d;
    JsonNode p = s.get("prompt");
    String pp = path + ".prompt";
    PromptTemplate template =
        p.has("template")
            ? PromptTemplate.parse(pp + ".template", text(p.get("template"), pp + ".template"))
            : d.template();
    ZoneId zone = d.timeZone();
    if (p.has("timeZone")) {
      String z = text(p.get("timeZone"), pp + ".timeZone");
      try {
        zone = ZoneId.of(z);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(pp + ".timeZone: unknown time zone: " + z, e);
      }
    }
    ZoneId finalZone = zone;
    return wrap(
        pp,
        () ->
            new PromptConfig(
                template,
                p.has("defaultGuidance")
                    ? bool(p.get("defaultGuidance"), pp)
                    : d.includeDefaultGuidance(),
                finalZone,
                optionalText(p, "regionField", pp),
                optionalText(p, "defaultRegion", pp)));
  }

  private static MemoryConfig memory(JsonNode s, String path) {
    if (!s.has("memory")) return MemoryConfig.defaults();
    JsonNode m = s.get("memory");
    String mp = path + ".memory";
    List<FactPattern> patterns = new ArrayList<>();
    if (m.has("patterns")) {
      JsonNode list = m.get("patterns");
      if (!list.isArray()) throw new IllegalArgumentException(mp + ".patterns must be a list");
      for (int i = 0; i < list.size(); i++) {
        JsonNode p = list.get(i);
        String pp = mp + ".patterns[" + i + "]";
        checkKeys(object(p, pp), Set.of("label", "regex"), pp);
        String label = text(p.get("label"), pp + ".label");
        String regex = text(p.get("regex"), pp + ".regex");
        patterns.add(wrap(pp, () -> FactPattern.of(label, regex)));
      }
    }
    boolean includeDefaults =
        !m.has("includeDefaultPatterns") || bool(m.get("includeDefaultPatterns"), mp);
    if (includeDefaults) patterns.addAll(MemoryConfig.DEFAULT_PATTERNS);
    Map<String, String> fields = new LinkedHashMap<>();
    if (m.has("fields")) {
      object(m.get("fields"), mp + ".fields")
          .properties()
          .forEach(e -> fields.put(e.getKey(), text(e.getValue(), mp + ".fields." + e.getKey())));
    }
    int max = integer(m, "maxFacts", MemoryConfig.defaults().maxFacts(), mp);
    return wrap(mp, () -> new MemoryConfig(patterns, fields, max));
  }

  private static ObjectNode merge(ObjectNode base, ObjectNode override) {
    ObjectNode out = base.deepCopy();
    override
        .properties()
        .forEach(
            e -> {
              JsonNode existing = out.get(e.getKey());
              if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) {
                out.set(e.getKey(), merge(eo, vo));
              } else {
                out.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return out;
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String path) {
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!allowed.contains(k)) {
                throw new IllegalArgumentException(
                    path
                        + "."
                        + k
                        + ": unknown setting; allowed: "
                        + new java.util.TreeSet<>(allowed));
              }
            });
  }

  private static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) throw new IllegalArgumentException(path + " must be a mapping");
  }

  private static ObjectNode object(JsonNode node, String path) {
    requireObject(node, path);
    return (ObjectNode) node;
  }

  private static String text(JsonNode node, String path) {
    if (node == null || !(node.isTextual() || node.isNumber())) {
      throw new IllegalArgumentException(path + " must be text, not: " + node);
    }
    return node.asText();
  }

  private static String optionalText(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    return node == null || node.isNull() ? null : text(node, path + "." + key);
  }

  private static boolean bool(JsonNode node, String path) {
    if (!node.isBoolean())
      throw new IllegalArgumentException(path + " must be true or false: " + node);
    return node.asBoolean();
  }

  private static int integer(JsonNode parent, String key, int fallback, String path) {
    if (!parent.has(key)) return fallback;
    JsonNode node = parent.get(key);
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException(path + "." + key + " must be a whole number: " + node);
    }
    return node.asInt();
  }

  private static Duration seconds(JsonNode parent, String key, Duration fallback, String path) {
    return parent.has(key) ? Duration.ofSeconds(integer(parent, key, 0, path)) : fallback;
  }

  private static List<String> strings(JsonNode node, String path) {
    if (!node.isArray()) throw new IllegalArgumentException(path + " must be a list");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) out.add(text(node.get(i), path + "[" + i + "]"));
    return out;
  }

  /** Runs a record constructor, prefixing its validation message with the config path. */
  private static <T> T wrap(String path, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(path)) throw e;
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }
}
