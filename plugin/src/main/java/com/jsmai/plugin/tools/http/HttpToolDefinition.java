package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.tools.Tool;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An admin-configured HTTP tool, as written in a YAML file (keys in snake_case; see {@code
 * docs/tools.md} and {@code tools/query_order_status.yaml}). Every check that needs no network
 * happens here, with a message naming the field.
 *
 * @param name the function name the model sees
 * @param description what it does, written for the model
 * @param effect {@code read} (default) or {@code write}; a write tool is subject to the desk policy
 * @param parameters JSON Schema of the arguments the model supplies
 * @param request how to call the service
 * @param bind arguments filled in from the ticket, never by the model: argument name to {@code
 *     reporter.email}, {@code reporter.account_id} or {@code ticket.key}
 * @param ownership how to check that the response belongs to the ticket's reporter, or null
 * @param result which response fields reach the model, under which names; null passes the whole
 *     response (not recommended)
 * @param cache how long successful results are reused, or null for no cache
 */
public record HttpToolDefinition(
    String name,
    String description,
    Tool.Effect effect,
    JsonNode parameters,
    RequestSpec request,
    Map<String, String> bind,
    OwnershipSpec ownership,
    ResultSpec result,
    CacheSpec cache) {

  static final Set<String> BIND_SOURCES =
      Set.of("reporter.email", "reporter.account_id", "ticket.key");

  public HttpToolDefinition {
    if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("name must match [a-zA-Z0-9_-]{1,64}: " + name);
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description is missing: the model needs it to choose");
    }
    effect = effect == null ? Tool.Effect.READ : effect;
    if (parameters == null) {
      ObjectNode empty = JsonNodeFactory.instance.objectNode().put("type", "object");
      empty.putObject("properties");
      empty.put("additionalProperties", false);
      parameters = empty;
    }
    if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
      throw new IllegalArgumentException("parameters must be a JSON Schema with type: object");
    }
    if (request == null) throw new IllegalArgumentException("request is missing");
    bind = bind == null ? Map.of() : Map.copyOf(bind);

    Set<String> modelArguments = new LinkedHashSet<>();
    parameters.path("properties").fieldNames().forEachRemaining(modelArguments::add);
    for (Map.Entry<String, String> b : bind.entrySet()) {
      if (!BIND_SOURCES.contains(b.getValue())) {
        throw new IllegalArgumentException(
            "bind." + b.getKey() + ": " + b.getValue() + " is not one of " + BIND_SOURCES);
      }
      if (modelArguments.contains(b.getKey())) {
        throw new IllegalArgumentException(
            "bind."
                + b.getKey()
                + ": a bound argument comes from the ticket and must not be in parameters, or the"
                + " model could pass someone else's");
      }
    }
    Set<String> known = new LinkedHashSet<>(modelArguments);
    known.addAll(bind.keySet());
    for (Map.Entry<String, Set<String>> use : request.argumentUses().entrySet()) {
      for (String argument : use.getValue()) {
        if (!known.contains(argument)) {
          throw new IllegalArgumentException(
              use.getKey()
                  + ": {"
                  + argument
                  + "} is neither in parameters.properties nor in bind");
        }
      }
    }
    if (effect == Tool.Effect.WRITE && cache != null) {
      throw new IllegalArgumentException(
          "cache: a write tool's results are never cached; remove it");
    }
    if (effect == Tool.Effect.READ && !request.method().equals("GET")) {
      // Not an error: some read APIs are POST searches. But it must be a conscious choice.
      if (!request.readWithBody()) {
        throw new IllegalArgumentException(
            "request.method: "
                + request.method()
                + " on a read tool; set effect: write, or request.read_with_body: true for a"
                + " read-only search");
      }
    }
  }

  /**
   * How to call the service.
   *
   * @param method GET, POST, PUT, PATCH or DELETE
   * @param url URL template, placeholders only in path segments
   * @param headers header values; may reference secrets, never arguments
   * @param query query parameters; values may use arguments and secrets; a parameter whose value is
   *     one absent optional argument is left out
   * @param body JSON body template (POST, PUT, PATCH): a string that is exactly {@code {name}}
   *     becomes the argument's JSON value, other strings are filled in as text
   * @param timeout whole-call timeout, default 5s, at most 60s
   * @param maxResponseBytes response size cap, default 64 KiB, at most 4 MiB
   * @param readWithBody allows a read tool to use a method other than GET
   */
  public record RequestSpec(
      String method,
      String url,
      Map<String, String> headers,
      Map<String, String> query,
      JsonNode body,
      Duration timeout,
      Long maxResponseBytes,
      Boolean readWithBody) {
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final Set<String> RESERVED_HEADERS =
        Set.of("host", "content-length", "transfer-encoding", "connection", "cookie");

    public RequestSpec {
      method = method == null ? "GET" : method.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "request.method must be one of " + METHODS + ": " + method);
      }
      UrlTemplate.parse(url); // fails early with a message about the URL
      headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (!h.getKey().matches("[A-Za-z0-9-]{1,64}")) {
          throw new IllegalArgumentException("request.headers: bad header name " + h.getKey());
        }
        if (RESERVED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("request.headers." + h.getKey() + " may not be set");
        }
        if (h.getValue() == null) {
          throw new IllegalArgumentException("request.headers." + h.getKey() + " has no value");
        }
        if (!Template.parse(h.getValue()).argumentNames().isEmpty()) {
          throw new IllegalArgumentException(
              "request.headers." + h.getKey() + ": headers may reference secrets, not arguments");
        }
      }
      headers = java.util.Collections.unmodifiableMap(headers);
      query =
          query == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
      for (Map.Entry<String, String> q : query.entrySet()) {
        if (q.getValue() == null) {
          throw new IllegalArgumentException("request.query." + q.getKey() + " has no value");
        }
        Template.parse(q.getValue());
      }
      if (body != null && !body.isNull() && (method.equals("GET") || method.equals("DELETE"))) {
        throw new IllegalArgumentException("request.body: a " + method + " request has no body");
      }
      if (body != null && body.isNull()) body = null;
      if (body != null) checkBodyTemplate(body);
      timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("request.timeout not in (0, 60s]: " + timeout);
      }
      readWithBody = readWithBody != null && readWithBody;
      maxResponseBytes = maxResponseBytes == null ? 64 * 1024L : maxResponseBytes;
      if (maxResponseBytes < 1 || maxResponseBytes > 4L * 1024 * 1024) {
        throw new IllegalArgumentException(
            "request.max_response_bytes not in 1..4194304: " + maxResponseBytes);
      }
    }

    private static void checkBodyTemplate(JsonNode node) {
      if (node.isTextual()) Template.parse(node.textValue());
      else node.elements().forEachRemaining(RequestSpec::checkBodyTemplate);
    }

    UrlTemplate urlTemplate() {
      return UrlTemplate.parse(url);
    }

    /** Where each argument placeholder is used: field name to argument names. */
    Map<String, Set<String>> argumentUses() {
      Map<String, Set<String>> uses = new LinkedHashMap<>();
      uses.put("request.url", urlTemplate().argumentNames());
      query.forEach((k, v) -> uses.put("request.query." + k, Template.parse(v).argumentNames()));
      if (body != null) {
        Set<String> names = new LinkedHashSet<>();
        collectBodyArguments(body, names);
        uses.put("request.body", names);
      }
      return uses;
    }

    private static void collectBodyArguments(JsonNode node, Set<String> names) {
      if (node.isTextual()) names.addAll(Template.parse(node.textValue()).argumentNames());
      else node.elements().forEachRemaining(n -> collectBodyArguments(n, names));
    }
  }

  /**
   * The ownership check: the value at {@code ownerField} in the response must equal the reporter's
   * identity, or the result is replaced by "not found for this customer".
   *
   * @param ownerField a field path without wildcards, for example {@code $.email}
   * @param matches {@code reporter.email} (default; compared case-insensitively) or {@code
   *     reporter.account_id}
   */
  public record OwnershipSpec(String ownerField, String matches) {
    public OwnershipSpec {
      if (ownerField == null)
        throw new IllegalArgumentException("ownership.owner_field is missing");
      FieldPath path;
      try {
        path = FieldPath.parse(ownerField);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ownership.owner_field: " + e.getMessage(), e);
      }
      if (path.isMulti()) {
        throw new IllegalArgumentException(
            "ownership.owner_field must name one value, not a wildcard: " + ownerField);
      }
      matches = matches == null ? "reporter.email" : matches;
      if (!matches.equals("reporter.email") && !matches.equals("reporter.account_id")) {
        throw new IllegalArgumentException(
            "ownership.matches must be reporter.email or reporter.account_id: " + matches);
      }
    }
  }

  /**
   * Which response fields reach the model.
   *
   * @param fields output name to field path, in output order
   */
  public record ResultSpec(Map<String, String> fields) {
    public ResultSpec {
      if (fields == null || fields.isEmpty()) {
        throw new IllegalArgumentException(
            "result.fields is empty: list the fields the model needs");
      }
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      for (Map.Entry<String, String> f : fields.entrySet()) {
        if (!f.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
          throw new IllegalArgumentException("result.fields: bad output name " + f.getKey());
        }
        try {
          FieldPath.parse(f.getValue());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "result.fields." + f.getKey() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * @param ttl how long a successful result is reused for the same reporter and arguments
   */
  public record CacheSpec(Duration ttl) {
    public CacheSpec {
      if (ttl == null) throw new IllegalArgumentException("cache.ttl is missing");
      if (ttl.isNegative() || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("cache.ttl not in [0, 1 day]: " + ttl);
      }
    }
  }
}
