package com.jsmai.plugin.tools.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolException;
import com.jsmai.plugin.tools.ToolResult;
import com.jsmai.plugin.tools.http.HttpToolDefinition.OwnershipSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * A tool that calls an HTTP service as an admin configured it ({@link HttpToolDefinition}): fills
 * the URL, query and body from the validated arguments and the ticket, sends secret headers, reads
 * at most {@code max_response_bytes}, checks that the data belongs to the ticket's reporter, and
 * keeps only the configured fields. Created by {@link HttpTools}, which supplies the guarded
 * client.
 */
public final class HttpTool implements Tool {
  /* Maintainer notes.
   * Not-found and not-owner read the same to the model on purpose: otherwise the model (and a
   * customer steering it) could probe which order ids exist. The audit record tells them apart.
   * The cache holds only results that passed the ownership check, keyed by the reporter too.
   */
  static final String NOT_FOUND_FOR_CUSTOMER =
      "nothing was found for the customer who raised this ticket with these arguments";
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final HttpToolDefinition definition;
  private final ToolSpec spec;
  private final UrlTemplate url;
  private final Map<String, Template> headers = new LinkedHashMap<>();
  private final Map<String, Template> query = new LinkedHashMap<>();
  private final Map<String, FieldPath> fields = new LinkedHashMap<>();
  private final FieldPath ownerField;
  private final OkHttpClient client;
  private final AddressPolicy addresses;
  private final Secrets secrets;
  private final Cache<String, JsonNode> cache;

  HttpTool(
      HttpToolDefinition definition,
      OkHttpClient guardedClient,
      AddressPolicy addresses,
      Secrets secrets,
      Ticker ticker) {
    this.definition = definition;
    this.spec = new ToolSpec(definition.name(), definition.description(), definition.parameters());
    this.url = definition.request().urlTemplate();
    definition.request().headers().forEach((k, v) -> headers.put(k, Template.parse(v)));
    definition.request().query().forEach((k, v) -> query.put(k, Template.parse(v)));
    if (definition.result() != null) {
      definition.result().fields().forEach((k, v) -> fields.put(k, FieldPath.parse(v)));
    }
    this.ownerField =
        definition.ownership() == null
            ? null
            : FieldPath.parse(definition.ownership().ownerField());
    this.addresses = addresses;
    this.secrets = secrets;
    this.client =
        guardedClient
            .newBuilder()
            .callTimeout(definition.request().timeout())
            .connectTimeout(definition.request().timeout())
            .readTimeout(definition.request().timeout())
            .build();
    var ttl = definition.cache() == null ? null : definition.cache().ttl();
    this.cache =
        ttl == null || ttl.isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(10_000)
                .ticker(ticker)
                .build();
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public Effect effect() {
    return definition.effect();
  }

  public HttpToolDefinition definition() {
    return definition;
  }

  @Override
  public ToolResult execute(JsonNode arguments, ToolContext context) throws ToolException {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    arguments.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    // Bound arguments come from the ticket and overwrite anything of the same name.
    for (Map.Entry<String, String> b : definition.bind().entrySet()) {
      JsonNode value = bound(b.getValue(), context);
      if (value == null) {
        // An unknown identity must not become an empty filter that matches everyone's data.
        throw new ToolException(
            Outcome.NOT_OWNER,
            NOT_FOUND_FOR_CUSTOMER,
            b.getValue() + " is unknown for this ticket");
      }
      values.put(b.getKey(), value);
    }

    String cacheKey = cache == null ? null : cacheKey(values, context.reporter());
    if (cache != null) {
      JsonNode hit = cache.getIfPresent(cacheKey);
      if (hit != null) return ToolResult.ok(hit.deepCopy());
    }

    JsonNode response = call(values);
    if (ownerField != null && !ownedByReporter(response, context)) {
      throw new ToolException(
          Outcome.NOT_OWNER, NOT_FOUND_FOR_CUSTOMER, "owner field does not match the reporter");
    }
    JsonNode data = extract(response);
    if (cache != null && definition.effect() == Effect.READ) cache.put(cacheKey, data.deepCopy());
    return ToolResult.ok(data);
  }

  private static JsonNode bound(String source, ToolContext context) {
    String value =
        switch (source) {
          case "reporter.email" -> context.reporter().email();
          case "reporter.account_id" -> context.reporter().accountId();
          case "ticket.key" -> context.ticketKey();
          default -> throw new IllegalStateException("unknown bind source " + source);
        };
    return value == null || value.isBlank() ? null : TextNode.valueOf(value);
  }

  private boolean ownedByReporter(JsonNode response, ToolContext context) {
    OwnershipSpec ownership = definition.ownership();
    JsonNode owner = ownerField.select(response);
    if (owner == null || !owner.isValueNode() || owner.isNull()) return false;
    String actual = owner.asText().trim();
    if (ownership.matches().equals("reporter.account_id")) {
      return actual.equals(context.reporter().accountId());
    }
    String email = context.reporter().email();
    // Jira may hide the reporter's email: then nothing can be shown as theirs (fail closed).
    return email != null
        && !email.isBlank()
        && actual.toLowerCase(Locale.ROOT).equals(email.trim().toLowerCase(Locale.ROOT));
  }

  private JsonNode extract(JsonNode response) {
    if (fields.isEmpty()) return response;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    fields.forEach((name, path) -> out.set(name, path.select(response)));
    return out;
  }

  private String cacheKey(Map<String, JsonNode> values, User reporter) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("tool", definition.name());
    key.put("arguments", CANONICAL.convertValue(values, Map.class));
    key.put("reporter", reporter.accountId() + "|" + reporter.email());
    try {
      return CANONICAL.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode call(Map<String, JsonNode> values) throws ToolException {
    HttpToolDefinition.RequestSpec spec = definition.request();
    HttpUrl target;
    try {
      HttpUrl.Builder builder = url.expand(values, secrets);
      for (Map.Entry<String, Template> q : query.entrySet()) {
        String sole = q.getValue().soleArgument();
        if (sole != null && (values.get(sole) == null || values.get(sole).isNull())) continue;
        builder.addQueryParameter(q.getKey(), q.getValue().expand(values, secrets, s -> s));
      }
      target = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ToolException(
          Outcome.INVALID_ARGUMENTS, "the arguments do not form a valid request", e.getMessage());
    } catch (IllegalStateException e) {
      throw new ToolException(Outcome.ERROR, "the tool is misconfigured", e.getMessage());
    }
    try {
      addresses.checkHost(target.host());
      addresses.checkIfLiteral(target.host());
    } catch (RefusedDestinationException e) {
      throw refused(e);
    }

    Request.Builder request =
        new Request.Builder().url(target).header("Accept", "application/json");
    try {
      headers.forEach(
          (name, value) -> request.header(name, value.expand(Map.of(), secrets, s -> s)));
    } catch (IllegalStateException e) {
      throw new ToolException(Outcome.ERROR, "the tool is misconfigured", e.getMessage());
    }
    RequestBody body = null;
    if (spec.body() != null)
      body = RequestBody.create(fillBody(spec.body(), values).toString(), JSON_TYPE);
    else if (!spec.method().equals("GET") && !spec.method().equals("DELETE")) {
      body = RequestBody.create(new byte[0], null);
    }
    request.method(spec.method(), body);

    try (Response response = client.newCall(request.build()).execute()) {
      int status = response.code();
      if (status == 404) {
        throw new ToolException(Outcome.NOT_FOUND, NOT_FOUND_FOR_CUSTOMER, "HTTP 404");
      }
      if (status >= 300 && status < 400) {
        throw new ToolException(
            Outcome.ERROR,
            "the service answered with a redirect, which tools never follow",
            "HTTP " + status + " to " + response.header("Location"));
      }
      if (status == 401 || status == 403) {
        throw new ToolException(
            Outcome.ERROR, "the service refused the tool's credentials", "HTTP " + status);
      }
      if (status >= 400 && status < 500) {
        throw new ToolException(
            Outcome.ERROR,
            "the service rejected the request (HTTP " + status + ")",
            "HTTP " + status);
      }
      if (status >= 500) {
        throw new ToolException(
            Outcome.ERROR, "the service is unavailable right now", "HTTP " + status);
      }
      return readJson(response.body(), spec.maxResponseBytes());
    } catch (InterruptedIOException e) {
      throw new ToolException(
          Outcome.TIMEOUT, "the service did not answer in time", String.valueOf(e));
    } catch (IOException e) {
      RefusedDestinationException refusal = findRefusal(e);
      if (refusal != null) throw refused(refusal);
      throw new ToolException(Outcome.ERROR, "the service could not be reached", String.valueOf(e));
    }
  }

  private static ToolException refused(RefusedDestinationException e) {
    return new ToolException(
        Outcome.ERROR,
        "the tool's destination is not allowed",
        "destination refused: " + e.getMessage());
  }

  private static RefusedDestinationException findRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RefusedDestinationException r) return r;
    }
    return null;
  }

  private static JsonNode readJson(ResponseBody body, long maxBytes)
      throws IOException, ToolException {
    if (body == null)
      throw new ToolException(Outcome.ERROR, "the service sent no data", "empty body");
    MediaType type = body.contentType();
    if (type == null || !type.subtype().toLowerCase(Locale.ROOT).contains("json")) {
      throw new ToolException(
          Outcome.ERROR, "the service did not answer with JSON", "content type " + type);
    }
    if (body.contentLength() > maxBytes) {
      throw new ToolException(
          Outcome.ERROR,
          "the service's answer was too large",
          "Content-Length " + body.contentLength());
    }
    BufferedSource source = body.source();
    // request(n) buffers at most n bytes: a huge or endless body is cut off here, not read whole.
    if (source.request(maxBytes + 1)) {
      throw new ToolException(
          Outcome.ERROR, "the service's answer was too large", "more than " + maxBytes + " bytes");
    }
    byte[] bytes = source.readByteArray();
    try {
      return CANONICAL.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ToolException(
          Outcome.ERROR, "the service sent malformed JSON", e.getOriginalMessage());
    }
  }

  private JsonNode fillBody(JsonNode template, Map<String, JsonNode> values) {
    if (template.isTextual()) {
      Template t = Template.parse(template.textValue());
      String sole = t.soleArgument();
      if (sole != null) {
        JsonNode v = values.get(sole);
        return v == null ? JsonNodeFactory.instance.nullNode() : v;
      }
      return TextNode.valueOf(t.expand(values, secrets, s -> s));
    }
    if (template.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        out.set(f.getKey(), fillBody(f.getValue(), values));
      }
      return out;
    }
    if (template.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      template.forEach(e -> out.add(fillBody(e, values)));
      return out;
    }
    return template;
  }
}
