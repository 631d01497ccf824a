package com.jsmai.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.node.chat.ExtractedToolCalls;
import com.jsmai.node.chat.HermesToolCallParser;
import com.jsmai.node.chat.StreamDelta;
import com.jsmai.node.chat.StreamingToolCallParser;
import com.jsmai.node.chat.ToolCall;
import com.jsmai.node.chat.ToolCallDelta;
import com.jsmai.node.engine.Completion;
import com.jsmai.node.engine.Engine;
import com.jsmai.node.engine.EngineRejectedException;
import com.jsmai.node.engine.GenerationListener;
import com.jsmai.node.engine.GenerationRequest;
import com.jsmai.node.sampling.FinishReason;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/chat/completions}: translate, submit to the engine, then either wait for the
 * whole answer or relay server-sent events as the scheduler produces text. The handler thread does
 * all writing, so a slow or vanished client never blocks the scheduler. A vanished client cancels
 * its sequence (freeing its KV cache): a streaming one when a write fails, a non-streaming one when
 * the {@link ClientConnection} probe sees the connection closed while waiting.
 */
final class ChatHandler {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How often a non-streaming request checks that its client is still connected. */
  private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /** nginx's "client closed request": counted in /metrics, never seen by the gone client. */
  private static final int CLIENT_CLOSED = 499;

  private final Engine engine;
  private final ChatRequestTranslator translator;
  private final ObjectMapper json;
  private final HermesToolCallParser toolParser = new HermesToolCallParser();
  private final int retryAfterSeconds;

  ChatHandler(
      Engine engine, ChatRequestTranslator translator, ObjectMapper json, int retryAfterSeconds) {
    this.engine = engine;
    this.translator = translator;
    this.json = json;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Events from the scheduler thread to the handler thread. */
  private static final class Events implements GenerationListener {
    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onText(String delta) {
      queue.add(delta);
    }

    @Override
    public void onComplete(Completion completion) {
      queue.add(completion);
    }

    @Override
    public void onError(RuntimeException error) {
      queue.add(error);
    }
  }

  void handle(Context ctx, JsonNode body) throws IOException, InterruptedException {
    ChatPlan plan = translator.translate(body);
    Events events = new Events();
    Engine.Handle handle = submit(plan, events);
    String id = "chatcmpl-" + HexFormat.of().formatHex(randomBytes(12));
    long created = System.currentTimeMillis() / 1000;
    if (plan.stream()) {
      stream(ctx, plan, events, handle, id, created);
    } else {
      whole(ctx, plan, events, handle, id, created);
    }
  }

  private Engine.Handle submit(ChatPlan plan, Events events) {
    try {
      return engine.submit(
          new GenerationRequest(plan.prompt(), plan.params(), plan.constraint(), events));
    } catch (EngineRejectedException e) {
      if (e.reason() == EngineRejectedException.Reason.QUEUE_FULL) {
        throw new ApiError(
            429, "rate_limit_error", e.getMessage(), null, "queue_full", retryAfterSeconds);
      }
      throw new ApiError(
          503, "server_error", e.getMessage(), null, "shutting_down", retryAfterSeconds);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), "max_tokens");
    }
  }

  private void whole(
      Context ctx, ChatPlan plan, Events events, Engine.Handle handle, String id, long created)
      throws IOException, InterruptedException {
    Completion done;
    ClientConnection client = ClientConnection.of(ctx.req(), ctx.res());
    long nextProbe = System.nanoTime() + PROBE_NANOS;
    try {
      while (true) {
        Object e = events.queue.poll(PROBE_NANOS, TimeUnit.NANOSECONDS);
        // Text deltas arrive every step, so probe on the clock, not only when the queue is idle.
        if (System.nanoTime() - nextProbe >= 0) {
          nextProbe = System.nanoTime() + PROBE_NANOS;
          if (!(e instanceof Completion) && client.isGone()) {
            // Nobody will read the answer: free the sequence and its KV cache now.
            handle.cancel();
            ctx.status(CLIENT_CLOSED);
            return;
          }
        }
        if (e instanceof Completion c) {
          done = c;
          break;
        }
        if (e instanceof RuntimeException err) {
          throw failure(err);
        }
      }
    } catch (InterruptedException e) {
      handle.cancel();
      throw e;
    }
    String content = done.text();
    List<Dto.ToolCall> calls = null;
    boolean toolsCalled = false;
    if (plan.parseToolCalls()) {
      ExtractedToolCalls extracted = toolParser.parse(done.text());
      if (extracted.toolsCalled()) {
        toolsCalled = true;
        content = extracted.content();
        calls = new ArrayList<>();
        for (ToolCall c : extracted.toolCalls()) {
          calls.add(
              new Dto.ToolCall(c.id(), "function", new Dto.FunctionCall(c.name(), c.arguments())));
        }
      }
    }
    Dto.ChatCompletion response =
        new Dto.ChatCompletion(
            id,
            "chat.completion",
            created,
            translator.modelName(),
            List.of(
                new Dto.Choice(
                    0,
                    new Dto.Message("assistant", content, calls),
                    null,
                    finishReason(done.finishReason(), toolsCalled, plan.namedToolChoice()))),
            Dto.Usage.of(done.promptTokens(), done.completionTokens(), done.cachedPromptTokens()));
    ctx.contentType("application/json").result(json.writeValueAsBytes(response));
  }

  private void stream(
      Context ctx, ChatPlan plan, Events events, Engine.Handle handle, String id, long created)
      throws IOException, InterruptedException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    StreamingToolCallParser parser = plan.parseToolCalls() ? toolParser.newStream() : null;
    String model = translator.modelName();
    Dto.Usage noUsage = null;
    try {
      send(out, chunk(id, created, model, new Dto.Delta("assistant", "", null), null, noUsage));
      long lastWrite = System.nanoTime();
      while (true) {
        Object e = events.queue.poll(1, TimeUnit.SECONDS);
        if (e == null) {
          if (System.nanoTime() - lastWrite > KEEPALIVE_NANOS) {
            // An SSE comment: ignored by clients, but a vanished client makes it fail.
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWrite = System.nanoTime();
          }
          continue;
        }
        lastWrite = System.nanoTime();
        if (e instanceof String text) {
          StreamDelta d = parser == null ? new StreamDelta(text, List.of()) : parser.next(text);
          sendDelta(out, id, created, model, d);
        } else if (e instanceof Completion c) {
          if (parser != null) {
            sendDelta(out, id, created, model, parser.finish());
          }
          boolean tools = parser != null && parser.toolsCalled();
          send(
              out,
              chunk(
                  id,
                  created,
                  model,
                  new Dto.Delta(null, null, null),
                  finishReason(c.finishReason(), tools, plan.namedToolChoice()),
                  noUsage));
          if (plan.includeUsage()) {
            send(
                out,
                new Dto.ChatCompletionChunk(
                    id,
                    "chat.completion.chunk",
                    created,
                    model,
                    List.of(),
                    Dto.Usage.of(c.promptTokens(), c.completionTokens(), c.cachedPromptTokens())));
          }
          out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return;
        } else if (e instanceof RuntimeException err) {
          ApiError api = failure(err);
          out.write(
              ("data: " + json.writeValueAsString(api.body()) + "\n\n")
                  .getBytes(StandardCharsets.UTF_8));
          out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      handle.cancel(); // the client went away: free the sequence
      throw e;
    } catch (InterruptedException e) {
      handle.cancel();
      throw e;
    }
  }

  private void sendDelta(OutputStream out, String id, long created, String model, StreamDelta d)
      throws IOException {
    if (d.isEmpty()) {
      return;
    }
    List<Dto.ToolCallChunk> calls = null;
    if (!d.toolCalls().isEmpty()) {
      calls = new ArrayList<>();
      for (ToolCallDelta t : d.toolCalls()) {
        calls.add(
            new Dto.ToolCallChunk(
                t.index(), t.id(), t.type(), new Dto.FunctionDelta(t.name(), t.arguments())));
      }
    }
    String content = d.content().isEmpty() ? null : d.content();
    send(out, chunk(id, created, model, new Dto.Delta(null, content, calls), null, null));
  }

  private static Dto.ChatCompletionChunk chunk(
      String id, long created, String model, Dto.Delta delta, String finish, Dto.Usage usage) {
    return new Dto.ChatCompletionChunk(
        id,
        "chat.completion.chunk",
        created,
        model,
        List.of(new Dto.ChunkChoice(0, delta, null, finish)),
        usage);
  }

  private void send(OutputStream out, Object chunk) throws IOException {
    byte[] body = json.writeValueAsBytes(chunk);
    out.write("data: ".getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ApiError failure(RuntimeException err) {
    if (err instanceof ApiError a) {
      return a;
    }
    if (err instanceof CancellationException) {
      return new ApiError(499, "server_error", "the request was cancelled", null, "cancelled");
    }
    if (err instanceof EngineRejectedException r
        && r.reason() == EngineRejectedException.Reason.SHUTTING_DOWN) {
      return new ApiError(
          503, "server_error", err.getMessage(), null, "shutting_down", retryAfterSeconds);
    }
    return new ApiError(500, "server_error", String.valueOf(err.getMessage()), null, null);
  }

  /**
   * OpenAI's mapping: {@code length} when cut off; {@code tool_calls} when the model chose to call
   * tools ({@code auto} or {@code required}); but {@code stop} for a forced named function, in both
   * streaming and non-streaming answers (OpenAI's observed behaviour, which vLLM copied in
   * vllm-project/vllm#25054). Clients must look at {@code tool_calls}, not at the finish reason.
   */
  static String finishReason(FinishReason reason, boolean toolsCalled, boolean namedToolChoice) {
    if (reason == FinishReason.LENGTH) {
      return "length";
    }
    return toolsCalled && !namedToolChoice ? "tool_calls" : "stop";
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
