package com.jsmai.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.engine.EngineConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Queue limits, client disconnects and shutdown on a server with room for one sequence. */
@Tag("slow")
class ServerLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ServingStack oneSlot(Duration grace) {
    return TestStacks.start(
        EngineConfig.defaults(64L << 20).withMaxRunning(1).withQueueCapacity(0),
        ServerConfig.loopback(0, TestStacks.MODEL).withShutdownGrace(grace));
  }

  private static HttpRequest streamRequest(int port, int maxTokens) {
    String body =
        ServerHttpTest.chat("tell me a long story", maxTokens)
            .put("stream", true)
            .put("temperature", 0)
            .toString();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static void waitUntil(java.util.function.BooleanSupplier c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 60 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void chat_queueFull_429WithRetryAfter_thenDisconnectCancelsAndFreesTheSlot() throws Exception {
    try (ServingStack stack = oneSlot(Duration.ofSeconds(5))) {
      HttpResponse<InputStream> running =
          HTTP.send(streamRequest(stack.port(), 3000), HttpResponse.BodyHandlers.ofInputStream());
      InputStream events = running.body();
      ServerHttpTest.readEvents(events, 3); // role chunk plus two deltas: it is decoding
      assertThat(stack.engine().runningCount()).isEqualTo(1);

      HttpResponse<String> refused =
          ServerHttpTest.post(
              stack.port(), "/v1/chat/completions", ServerHttpTest.chat("hi", 2).toString(), null);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(JSON.readTree(refused.body()).get("error").get("code").asText())
          .isEqualTo("queue_full");

      events.close(); // the client goes away mid-stream
      waitUntil(() -> stack.engine().metrics().cancelled.get() == 1);
      waitUntil(() -> stack.engine().runningCount() == 0 && stack.engine().kvBytesInUse() == 0);
      HttpResponse<String> after =
          ServerHttpTest.post(
              stack.port(), "/v1/chat/completions", ServerHttpTest.chat("hi", 2).toString(), null);
      assertThat(after.statusCode()).isEqualTo(200);
    }
  }

  /** The raw HTTP/1.1 bytes of a non-streaming chat request. */
  private static byte[] rawChat(int port, int maxTokens) {
    String body =
        ServerHttpTest.chat("tell me a long story", maxTokens).put("temperature", 0).toString();
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/chat/completions HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void chat_nonStreamingClientClosesSocket_sequenceCancelledAndServerKeepsServing()
      throws Exception {
    int maxTokens = 3000;
    try (ServingStack stack = oneSlot(Duration.ofSeconds(5))) {
      var m = stack.engine().metrics();
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack.port())) {
        socket.getOutputStream().write(rawChat(stack.port(), maxTokens));
        socket.getOutputStream().flush();
        waitUntil(() -> stack.engine().runningCount() == 1 && m.generatedTokens.get() >= 5);
      } // the client goes away without reading anything

      waitUntil(() -> m.cancelled.get() == 1);
      long generated = m.generatedTokens.get();
      waitUntil(() -> stack.engine().runningCount() == 0 && stack.engine().kvBytesInUse() == 0);

      assertThat(generated).isLessThan(maxTokens / 2); // cut short, not run to max_tokens
      assertThat(m.completed.get()).isZero();
      String metrics = ServerHttpTest.get(stack.port(), "/metrics", null).body();
      assertThat(metrics)
          .contains("jsmai_requests_cancelled_total 1")
          .contains("jsmai_running_sequences 0")
          .contains("jsmai_kv_cache_used_bytes 0")
          .contains("path=\"/v1/chat/completions\",status=\"499\"");
      HttpResponse<String> after =
          ServerHttpTest.post(
              stack.port(), "/v1/chat/completions", ServerHttpTest.chat("hi", 2).toString(), null);
      assertThat(after.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void chat_nonStreamingClientPipelinesWhileWaiting_answeredThenConnectionClosed()
      throws Exception {
    try (ServingStack stack = oneSlot(Duration.ofSeconds(5));
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack.port())) {
      socket.setSoTimeout(120_000);
      socket.getOutputStream().write(rawChat(stack.port(), 500)); // outlasts the 200 ms probe
      waitUntil(() -> stack.engine().runningCount() == 1);
      // A second request on the same connection while the first is still generating.
      socket.getOutputStream().write(rawChat(stack.port(), 2));

      String reply =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to EOF

      assertThat(reply).startsWith("HTTP/1.1 200").containsIgnoringCase("Connection: close");
      assertThat(reply).containsOnlyOnce("HTTP/1.1"); // the pipelined one is left to a retry
      assertThat(stack.engine().metrics().cancelled.get()).isZero();
      assertThat(stack.engine().metrics().completed.get()).isEqualTo(1);
    }
  }

  @Test
  void close_inFlightRequestFinishesAndNewRequestsGet503() throws Exception {
    ServingStack stack = oneSlot(Duration.ofSeconds(120));
    int port = stack.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        ServerHttpTest.chat("a long answer please", 400)
                            .put("temperature", 0)
                            .toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    waitUntil(() -> stack.engine().runningCount() == 1);
    Thread closer = new Thread(stack::close);
    closer.start();
    waitUntil(() -> !stack.engine().isAlive() || isNotReady(port));

    HttpResponse<String> late =
        ServerHttpTest.post(
            port, "/v1/chat/completions", ServerHttpTest.chat("hi", 2).toString(), null);

    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(late.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> done = inFlight.get(120, TimeUnit.SECONDS);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(done.body()).get("choices").get(0).get("finish_reason").asText())
        .isIn("length", "stop");
    closer.join(60_000);
  }

  @Test
  void close_graceExpired_streamEndsWithAShutdownError() throws Exception {
    ServingStack stack = oneSlot(Duration.ZERO);
    HttpResponse<InputStream> running =
        HTTP.send(streamRequest(stack.port(), 3000), HttpResponse.BodyHandlers.ofInputStream());
    var reader = ServerHttpTest.readEvents(running.body(), 2);
    // The client keeps reading while the server stops, as a real one does: a reader that paused
    // would let the unread deltas fill the socket buffers and block the server's writes.
    CompletableFuture<String> rest =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder text = new StringBuilder();
              try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  text.append(line).append('\n');
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // cut off mid-body: the defect
              }
              return text.toString();
            });

    stack.close();

    assertThat(rest.get(60, TimeUnit.SECONDS)).contains("shutting down").contains("data: [DONE]");
  }

  private static boolean isNotReady(int port) {
    try {
      return ServerHttpTest.get(port, "/ready", null).statusCode() == 503;
    } catch (Exception e) {
      return false;
    }
  }
}
