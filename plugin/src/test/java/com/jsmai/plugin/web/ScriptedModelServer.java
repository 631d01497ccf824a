package com.jsmai.plugin.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An OpenAI-compatible chat server on loopback that plays a fixed script, streamed or not:
 * summaries get a summary; a conversation that mentions an order number and offers the {@code
 * lookup_order} (test) or {@code query_order_status} (shipped) tool first gets a tool call;
 * otherwise it answers with {@link #ANSWER} (with the order status when a tool result is present),
 * split into word chunks when streaming.
 */
public final class ScriptedModelServer implements AutoCloseable {
  public static final String ANSWER = "Thanks for waiting. Your order";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER = Pattern.compile("#W\\d{7}");
  private final MockWebServer server = new MockWebServer();
  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  /** When set, streamed answers trickle out slowly (to prove the panel streams end to end). */
  public volatile boolean slow;

  /** When positive, chat answers wait this long before their body (a model call in flight). */
  public volatile long delayMs;

  /** Appended to every answer (not summaries), so a test can tell two servers apart. */
  public volatile String signature = "";

  public ScriptedModelServer() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              if ("GET".equals(request.getMethod()) && "/v1/models".equals(request.getPath())) {
                return new MockResponse()
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"object\":\"list\",\"data\":[{\"id\":\"qwen\"}]}");
              }
              JsonNode body = JSON.readTree(request.getBody().readUtf8());
              requests.add(body);
              MockResponse r = answer(body);
              long delay = delayMs;
              return delay > 0
                  ? r.setBodyDelay(delay, java.util.concurrent.TimeUnit.MILLISECONDS)
                  : r;
            } catch (Exception e) {
              return new MockResponse().setResponseCode(400).setBody("{\"error\":\"" + e + "\"}");
            }
          }
        });
    try {
      server.start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  private MockResponse answer(JsonNode body) throws Exception {
    boolean stream = body.path("stream").asBoolean(false);
    JsonNode messages = body.path("messages");
    String system = messages.get(0).path("content").asText();
    StringBuilder all = new StringBuilder();
    String toolResult = null;
    for (JsonNode m : messages) {
      if (m.path("role").asText().equals("tool")) toolResult = m.path("content").asText();
      else all.append(m.path("content").asText("")).append('\n');
    }
    // The order look-up: the test tool lookup_order, or the shipped query_order_status.
    String orderTool = null;
    for (JsonNode t : body.path("tools")) {
      String name = t.path("function").path("name").asText();
      if (name.equals("lookup_order") || name.equals("query_order_status")) orderTool = name;
    }
    Matcher order = ORDER.matcher(all);
    String orderId = order.find() ? order.group() : null;
    if (orderTool != null
        && orderId != null
        && toolResult == null
        && !system.startsWith("You summarise")) {
      // Qwen sometimes writes a character of an argument as a JSON escape ("#W87204\u00304"):
      // valid JSON that the panel must show decoded, so the script does it too.
      String last = orderId.substring(orderId.length() - 1);
      String args =
          JSON.createObjectNode()
              .put("order_id", orderId)
              .toString()
              .replace(last + "\"}", String.format("\\u%04x\"}", (int) last.charAt(0)));
      return toolCall("call_1", orderTool, args, stream);
    }
    String text;
    if (system.startsWith("You summarise")) {
      text = "Earlier: the customer asked about a late order.";
    } else if (toolResult != null) {
      text = ANSWER + " " + orderId + " has shipped and arrives tomorrow.";
    } else {
      text = ANSWER + (orderId == null ? " is on its way." : " " + orderId + " is on its way.");
    }
    if (!system.startsWith("You summarise")) text = text + signature;
    if (stream && slow) {
      // About 100 bytes every 100 ms: a long answer takes seconds, like a real model.
      return streamed(text + " " + "More words follow here. ".repeat(6))
          .throttleBody(100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return stream ? streamed(text) : whole(text);
  }

  private static MockResponse whole(String text) throws Exception {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", text);
    r.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", text.split(" ").length);
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(r.toString());
  }

  private static MockResponse streamed(String text) {
    StringBuilder sse = new StringBuilder();
    String[] words = text.split("(?<= )");
    for (String w : words) {
      ObjectNode chunk = JSON.createObjectNode();
      chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", w);
      sse.append("data: ").append(chunk).append("\n\n");
    }
    ObjectNode end = JSON.createObjectNode();
    end.putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", "stop")
        .putObject("delta");
    end.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", words.length);
    sse.append("data: ").append(end).append("\n\ndata: [DONE]\n\n");
    return new MockResponse()
        .setHeader("Content-Type", "text/event-stream")
        .setBody(sse.toString());
  }

  private static MockResponse toolCall(String id, String name, String args, boolean stream) {
    ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", args);
    if (!stream) {
      ObjectNode r = JSON.createObjectNode();
      ObjectNode choice = r.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", "tool_calls");
      ObjectNode msg = choice.putObject("message").put("role", "assistant");
      msg.putNull("content");
      msg.putArray("tool_calls").add(call);
      r.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 12);
      return new MockResponse().setHeader("Content-Type", "application/json").setBody(r.toString());
    }
    ObjectNode chunk = JSON.createObjectNode();
    ObjectNode delta = chunk.putArray("choices").addObject().put("index", 0).putObject("delta");
    call.put("index", 0);
    delta.putArray("tool_calls").add(call);
    ObjectNode end = JSON.createObjectNode();
    end.putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", "tool_calls")
        .putObject("delta");
    end.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 12);
    return new MockResponse()
        .setHeader("Content-Type", "text/event-stream")
        .setBody("data: " + chunk + "\n\ndata: " + end + "\n\ndata: [DONE]\n\n");
  }

  @Override
  public void close() throws Exception {
    server.shutdown();
  }
}
