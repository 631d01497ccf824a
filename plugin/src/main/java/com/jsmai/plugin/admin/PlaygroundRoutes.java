package com.jsmai.plugin.admin;

import static com.jsmai.plugin.web.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ChatResponse;
import com.jsmai.plugin.llm.ToolCall;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.llm.ToolSpec;
import com.jsmai.plugin.panel.StreamingAgent;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.settings.ModelEndpoint;
import com.jsmai.plugin.settings.SettingsStore;
import com.jsmai.plugin.tools.Outcome;
import com.jsmai.plugin.tools.Secrets;
import com.jsmai.plugin.tools.Tool;
import com.jsmai.plugin.tools.ToolCallRecord;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolException;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolPolicy;
import com.jsmai.plugin.tools.ToolRegistry;
import com.jsmai.plugin.tools.ToolResult;
import com.jsmai.plugin.web.Messages;
import com.jsmai.plugin.web.Session;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The model playground for admins: chat with a configured model using the real system prompt of a
 * chosen service desk (optionally rendered for a real ticket) and the reply pipeline's tools for
 * the current settings, read tools only, with sampling sliders. With a ticket, tools run for its
 * reporter exactly as in the pipeline (same executor, ownership binding, address rules, audit);
 * without one every call is refused with {@link #NO_TICKET}. The answer streams as server-sent
 * events: {@code delta} text, {@code tool_start} when a call starts, {@code tool} with its result,
 * {@code stats} (prompt and completion tokens as the server counted them, time to first token,
 * tokens per second) and {@code done}.
 */
public final class PlaygroundRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SettingsStore settings;
  private final Supplier<JiraClient> jira;
  private final Supplier<ToolExecutor> tools;
  private final Function<ModelEndpoint, ChatModel> models;
  private final Clock clock;

  /**
   * @param jira reads the optional ticket, or returns null when unconfigured
   * @param tools the read-only tools offered in the playground, or returns null for none
   * @param models makes a client for an endpoint (production: {@code LiveChatModel::create})
   */
  public PlaygroundRoutes(
      SettingsStore settings,
      Supplier<JiraClient> jira,
      Supplier<ToolExecutor> tools,
      Function<ModelEndpoint, ChatModel> models,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.jira = jira == null ? () -> null : jira;
    this.tools = tools == null ? () -> null : tools;
    this.models = Objects.requireNonNull(models, "models");
    this.clock = clock == null ? Clock.systemUTC() : clock;
  }

  void page(Context ctx, AdminRoutes admin) {
    Messages m = Messages.of(ctx);
    StringBuilder modelOptions = new StringBuilder();
    for (ModelEndpoint e : settings.current().models()) {
      modelOptions.append("<option>").append(esc(e.name())).append("</option>");
    }
    String body =
        """
        <div class="grid2">
          <div>
            <label for="desk">%s</label><input id="desk" type="text" value="1">
            <label for="ticket">%s</label><input id="ticket" type="text" placeholder="SD-1">
            <label for="model">%s</label><select id="model">%s</select>
          </div>
          <div>
            <label for="temperature">%s <output id="temperature-v">0.7</output></label>
            <input id="temperature" type="range" min="0" max="2" step="0.05" value="0.7">
            <label for="topP">%s <output id="topP-v">0.9</output></label>
            <input id="topP" type="range" min="0.05" max="1" step="0.05" value="0.9">
            <label for="maxTokens">%s <output id="maxTokens-v">512</output></label>
            <input id="maxTokens" type="range" min="16" max="4096" step="16" value="512">
          </div>
        </div>
        <div id="chat" class="chat" aria-live="polite"></div>
        <p id="stats" class="muted" aria-live="polite"></p>
        <label for="message">%s</label>
        <textarea id="message" class="prose" rows="3"></textarea>
        <div class="row">
          <button id="send" class="primary" type="button">%s</button>
          <button id="reset" type="button">%s</button>
          <button id="export" type="button">%s</button>
        </div>
        """
            .formatted(
                esc(m.get("admin.playground.desk")),
                esc(m.get("admin.playground.ticket")),
                esc(m.get("admin.playground.model")),
                modelOptions,
                esc(m.get("admin.playground.temperature")),
                esc(m.get("admin.playground.topP")),
                esc(m.get("admin.playground.maxTokens")),
                esc(m.get("admin.playground.message")),
                esc(m.get("admin.playground.send")),
                esc(m.get("admin.playground.reset")),
                esc(m.get("admin.playground.export")));
    admin.shell(ctx, "playground", body, "playground.js");
  }

  /** What one playground turn asks for. */
  record Turn(
      String desk,
      String ticket,
      String model,
      double temperature,
      double topP,
      int maxTokens,
      List<ChatMessage> messages) {
    static Turn parse(JsonNode b) {
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonNode msg : b.path("messages")) {
        String role = msg.path("role").asText();
        String content = msg.path("content").asText("");
        if (role.equals("user")) messages.add(ChatMessage.user(content));
        else if (role.equals("assistant")) {
          messages.add(new ChatMessage(ChatMessage.Role.ASSISTANT, content, List.of(), null));
        } else {
          throw new IllegalArgumentException(
              "messages may only be user or assistant turns: " + role);
        }
      }
      if (messages.isEmpty()) throw new IllegalArgumentException("write a message first");
      int max = b.path("maxTokens").asInt(512);
      if (max < 1 || max > 32768)
        throw new IllegalArgumentException("max tokens must be 1..32768: " + max);
      return new Turn(
          b.path("desk").asText(""),
          b.path("ticket").asText(""),
          b.path("model").asText(null),
          b.path("temperature").asDouble(0.7),
          b.path("topP").asDouble(0.9),
          max,
          messages);
    }
  }

  void chat(Context ctx, Session session) throws IOException {
    Turn turn;
    try {
      turn = Turn.parse(JSON.readTree(ctx.body()));
    } catch (IOException | IllegalArgumentException e) {
      ctx.status(400)
          .contentType("application/json")
          .result(
              JSON.createObjectNode()
                  .put("error", "bad_request")
                  .put("message", e.getMessage())
                  .toString());
      return;
    }
    ctx.res().setStatus(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    OutputStream out = ctx.res().getOutputStream();
    try {
      ModelEndpoint endpoint =
          settings
              .current()
              .model(turn.model())
              .orElseThrow(
                  () -> new IllegalArgumentException("no model endpoint named " + turn.model()));
      Ticket ticket = ticket(turn);
      ReplyConfig reply = settings.current().reply();
      PromptConfig prompt = reply.prompts().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
      String last = turn.messages().get(turn.messages().size() - 1).content();
      String system =
          new SystemPromptBuilder(clock)
              .build(
                  prompt,
                  ticket,
                  reply.serviceDeskNames().get(ticket.serviceDeskId()),
                  Language.detect(last),
                  List.of(),
                  null);
      List<ChatMessage> messages = new ArrayList<>();
      messages.add(ChatMessage.system(system));
      messages.addAll(turn.messages());
      ChatRequest request =
          new ChatRequest(
              messages,
              List.of(),
              ToolChoice.AUTO,
              turn.temperature(),
              turn.topP(),
              turn.maxTokens(),
              null,
              null);
      send(out, "system", JSON.createObjectNode().put("prompt", system));
      Instant start = clock.instant();
      Instant[] first = {null};
      ToolExecutor real = tools.get();
      // No ticket, no reporter: the desk's tools are offered as they are, but each call is refused
      // with a message saying so, instead of running for a stand-in customer.
      ToolExecutor noTicket =
          real != null && turn.ticket().isBlank() ? refusingCopy(real, clock) : null;
      StreamingAgent.Result result;
      try {
        result =
            new StreamingAgent(models.apply(endpoint), noTicket != null ? noTicket : real)
                .run(
                    request,
                    new ToolContext(ticket, ToolPolicy.readOnly()),
                    new StreamingAgent.Listener() {
                      @Override
                      public void onDelta(String text) {
                        if (first[0] == null) first[0] = clock.instant();
                        send(out, "delta", JSON.createObjectNode().put("text", text));
                      }

                      @Override
                      public void onToolStart(ToolCall call) {
                        send(out, "tool_start", StreamingAgent.toolStartJson(call));
                      }

                      @Override
                      public void onToolCall(ToolCallRecord call) {
                        send(out, "tool", StreamingAgent.toolJson(call));
                      }

                      @Override
                      public void onTurn(ChatResponse response) {}
                    });
      } finally {
        if (noTicket != null) noTicket.close();
      }
      Instant end = clock.instant();
      long totalMs = Math.max(1, end.toEpochMilli() - start.toEpochMilli());
      long ttft = first[0] == null ? totalMs : first[0].toEpochMilli() - start.toEpochMilli();
      long genMs = Math.max(1, totalMs - ttft);
      ObjectNode stats =
          JSON.createObjectNode()
              .put("model", endpoint.name())
              .put("promptTokens", result.promptTokens())
              .put("completionTokens", result.completionTokens())
              .put("ttftMs", ttft)
              .put("totalMs", totalMs)
              .put("tokensPerSecond", result.completionTokens() * 1000.0 / genMs);
      send(out, "stats", stats);
      send(out, "done", JSON.createObjectNode().put("text", result.text()));
    } catch (RuntimeException e) {
      send(out, "error", JSON.createObjectNode().put("message", String.valueOf(e.getMessage())));
    }
  }

  private Ticket ticket(Turn turn) {
    JiraClient j = jira.get();
    if (!turn.ticket().isBlank()) {
      if (j == null)
        throw new IllegalArgumentException("no Jira connection to read " + turn.ticket());
      return j.getTicket(turn.ticket().strip());
    }
    // No ticket: a stand-in reporter whom no ownership check matches, so tools find nothing
    // private.
    com.jsmai.plugin.jira.User nobody =
        new com.jsmai.plugin.jira.User("playground", "Playground user", null, "customer");
    return new Ticket(
        "PLAY-1",
        "0",
        "Playground",
        "",
        nobody,
        turn.desk().isBlank() ? null : turn.desk(),
        null,
        null,
        "Open",
        Map.of(),
        clock.instant());
  }

  private static void send(OutputStream out, String event, JsonNode data) {
    try {
      out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // the admin closed the page
    }
  }

  /** What a tool answers in the playground when no ticket was chosen. */
  static final String NO_TICKET =
      "no ticket is chosen in the playground: tools act only for a ticket's reporter; enter a"
          + " ticket key to run them";

  /**
   * The same tools (names, descriptions, schemas, effects) whose calls are refused with {@link
   * #NO_TICKET}: the model sees the desk's real tool set, the arguments are still validated, and
   * nothing runs for a stand-in customer.
   */
  static ToolExecutor refusingCopy(ToolExecutor real, Clock clock) {
    List<Tool> refusing = new ArrayList<>();
    for (String name : real.registry().names()) {
      Tool tool = real.registry().find(name).orElseThrow();
      refusing.add(
          new Tool() {
            @Override
            public ToolSpec spec() {
              return tool.spec();
            }

            @Override
            public Effect effect() {
              return tool.effect();
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context)
                throws ToolException {
              throw new ToolException(Outcome.UNAUTHORISED, NO_TICKET);
            }
          });
    }
    return new ToolExecutor(
        ToolRegistry.of(refusing), r -> {}, Secrets.none(), Duration.ofSeconds(5), 1, clock);
  }
}
