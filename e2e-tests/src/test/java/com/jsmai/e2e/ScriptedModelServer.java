package com.jsmai.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real loopback HTTP server speaking the inference node's API ({@code POST /v1/chat/completions},
 * {@code POST /tokenize}) with scripted answers instead of a model, so tests can assert exactly
 * what the plugin sent. The default script behaves like an obedient model: with a named {@code
 * tool_choice} it calls that tool with the first {@code #W} order id of the last user message;
 * after a tool result it reports that result; otherwise it answers with a short numbered text.
 */
final class ScriptedModelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER = Pattern.compile("#W[0-9]{7}");

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<JsonNode> completions = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int failWithStatus;
  private volatile long delayMillis;

  ScriptedModelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", this::completions);
    server.createContext("/tokenize", this::tokenize);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every completion request received (also those answered with an error), oldest first. */
  List<JsonNode> completions() {
    return List.copyOf(completions);
  }

  /** Answer every completion with this HTTP status (0 = answer normally): "the model is down". */
  void failWith(int status) {
    failWithStatus = status;
  }

  /** Wait this long before answering each completion ("generation time"). */
  void delay(Duration d) {
    delayMillis = d.toMillis();
  }

  boolean awaitCompletions(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (completions.size() < n) {
      if (System.nanoTime() > end) return false;
      Thread.sleep(20);
    }
    return true;
  }

  private void completions(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode request = JSON.readTree(ex.getRequestBody());
      completions.add(request);
      if (delayMillis > 0) Thread.sleep(delayMillis);
      if (failWithStatus > 0) {
        send(ex, failWithStatus, "{\"error\":{\"message\":\"scripted outage\"}}");
        return;
      }
      ObjectNode message = answer(request, answered.incrementAndGet());
      ObjectNode body = JSON.createObjectNode();
      body.put("id", "chatcmpl-" + answered.get());
      body.put("object", "chat.completion");
      body.put("created", System.currentTimeMillis() / 1000);
      body.put("model", request.path("model").asText("scripted"));
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      choice.set("message", message);
      choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
      body.putObject("usage")
          .put("prompt_tokens", 10)
          .put("completion_tokens", 5)
          .put("total_tokens", 15);
      send(ex, 200, body.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ObjectNode answer(JsonNode request, int n) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    JsonNode choice = request.path("tool_choice");
    JsonNode messages = request.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    if (choice.isObject() && choice.path("function").has("name")) {
      String order = lastOrderId(messages);
      ObjectNode call = message.putNull("content").putArray("tool_calls").addObject();
      call.put("id", "call_" + n).put("type", "function");
      call.putObject("function")
          .put("name", choice.path("function").path("name").asText())
          .put("arguments", JSON.createObjectNode().put("order_id", order).toString());
      return message;
    }
    if ("tool".equals(last.path("role").asText())) {
      return message.put(
          "content", "Here is what I found about your order: " + last.path("content").asText());
    }
    return message.put("content", "Thank you for your message, we are on it (answer " + n + ").");
  }

  private static String lastOrderId(JsonNode messages) {
    List<String> found = new ArrayList<>();
    for (JsonNode m : messages) {
      if (!"user".equals(m.path("role").asText())) continue;
      Matcher matcher = ORDER.matcher(m.path("content").asText());
      while (matcher.find()) found.add(matcher.group());
    }
    return found.isEmpty() ? "#W0000000" : found.get(found.size() - 1);
  }

  private void tokenize(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] in = ex.getRequestBody().readAllBytes();
      // Roughly a token per four bytes, like the estimating fallback.
      send(ex, 200, "{\"count\":" + (in.length / 4 + 1) + ",\"max_model_len\":8192}");
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
