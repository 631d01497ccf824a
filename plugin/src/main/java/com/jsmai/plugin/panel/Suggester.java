package com.jsmai.plugin.panel;

import com.jsmai.plugin.conversation.ContextBuilder;
import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.conversation.Summarizer;
import com.jsmai.plugin.conversation.TicketState;
import com.jsmai.plugin.conversation.TicketStateStore;
import com.jsmai.plugin.conversation.Transcript;
import com.jsmai.plugin.conversation.Turn;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.EstimatingTokenCounter;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.memory.FactExtractor;
import com.jsmai.plugin.memory.MemoryConfig;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.reply.OwnComments;
import com.jsmai.plugin.reply.ReplyConfig;
import com.jsmai.plugin.tools.ToolContext;
import com.jsmai.plugin.tools.ToolExecutor;
import com.jsmai.plugin.tools.ToolPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds what the side panel shows for one ticket and the suggested reply, from the same pieces the
 * reply pipeline uses: the transcript the customer can see, {@code [MEMORY]} facts, the desk's
 * system prompt template, the context window (with the summariser for long threads) and the desk's
 * tools. Only public turns and public facts reach the model, so a suggestion is safe to insert as a
 * public reply.
 *
 * <p>Thread-safe.
 */
public final class Suggester {
  private final JiraClient jira;
  private final Supplier<ReplyConfig> config;
  private final ChatModel model;
  private final Supplier<ToolExecutor> tools;
  private final Function<Ticket, Optional<String>> forcedTool;
  private final Clock clock;
  private volatile Me me;

  /** The account we act as, per client (an admin may switch the Jira connection). */
  private record Me(Object client, User user) {}

  /**
   * @param config the live reply configuration (from the settings store)
   * @param tools read-only tools offered to the model, or null
   */
  public Suggester(
      JiraClient jira,
      Supplier<ReplyConfig> config,
      ChatModel model,
      ToolExecutor tools,
      Clock clock) {
    this(jira, config, model, () -> tools, t -> Optional.empty(), clock);
  }

  /**
   * @param config the live reply configuration (from the settings store)
   * @param tools the reply pipeline's tools for the current settings (returns null for none); only
   *     read tools run in a draft
   * @param forcedTool the tool a ticket's request type forces on the first step (the pipeline's
   *     {@code assistant.forcedTools}), or empty
   */
  public Suggester(
      JiraClient jira,
      Supplier<ReplyConfig> config,
      ChatModel model,
      Supplier<ToolExecutor> tools,
      Function<Ticket, Optional<String>> forcedTool,
      Clock clock) {
    this.jira = Objects.requireNonNull(jira, "jira");
    this.config = Objects.requireNonNull(config, "config");
    this.model = Objects.requireNonNull(model, "model");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.forcedTool = Objects.requireNonNull(forcedTool, "forcedTool");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** One ticket's transcript, facts and prompt pieces, read fresh from Jira. */
  record Read(
      Ticket ticket,
      Transcript transcript,
      List<Fact> facts,
      TicketState state,
      ReplyPolicy policy,
      ReplyConfig config) {}

  Read read(String key) {
    ReplyConfig c = config.get();
    Ticket ticket = jira.getTicket(key);
    List<Comment> comments = jira.getComments(key);
    User self = me();
    TicketState state;
    try {
      state = new TicketStateStore(jira).load(key);
    } catch (RuntimeException e) {
      state = TicketState.initial();
    }
    ReplyPolicy policy = c.policies().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    // The pipeline's own test (author, recorded id, comment-property mark), so a reply known only
    // by
    // its mark is an assistant turn here too, footer stripped, not an agent's words.
    OwnComments own = OwnComments.of(jira, key, self, state);
    Transcript transcript = Transcript.of(ticket, comments, own, policy.footerForms());
    MemoryConfig memory = c.memory().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    List<FactExtractor.Source> sources = new ArrayList<>();
    for (Turn t : transcript.all()) {
      String id = t.id().equals(Transcript.DESCRIPTION_ID) ? "description" : "comment:" + t.id();
      sources.add(new FactExtractor.Source(id, t.text(), !t.isPublic()));
    }
    List<Fact> facts = new FactExtractor(memory).extract(ticket.fieldValues(), sources);
    return new Read(ticket, transcript, facts, state, policy, c);
  }

  /** The panel's header: summary and facts; no model call. */
  public TicketBrief brief(String key) {
    Read r = read(key);
    List<Turn> visible = r.transcript().publicTurns();
    String summary;
    if (r.state().summary() != null && r.state().summary().text() != null) {
      summary = r.state().summary().text();
    } else {
      List<Turn> customer = r.transcript().customerTurns();
      String first = r.ticket().summary();
      String latest = customer.isEmpty() ? "" : customer.get(customer.size() - 1).text();
      summary = customer.size() > 1 ? first + " — latest: " + clip(latest, 240) : clip(first, 240);
    }
    return new TicketBrief(
        r.ticket().key(),
        r.ticket().summary(),
        r.ticket().status(),
        r.ticket().requestTypeName(),
        r.ticket().serviceDeskId(),
        r.ticket().requestTypeId(),
        r.ticket().reporter() == null ? null : r.ticket().reporter().displayName(),
        visible.size(),
        summary,
        r.facts(),
        r.policy().mode().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** The request the model gets for a suggestion (system prompt, window, summary). */
  public ChatRequest request(Read r) {
    PromptConfig prompt =
        r.config().prompts().resolve(r.ticket().serviceDeskId(), r.ticket().requestTypeId());
    String deskName = r.config().serviceDeskNames().get(r.ticket().serviceDeskId());
    List<Fact> visible = FactExtractor.publicOnly(r.facts());
    List<Turn> customer = r.transcript().customerTurns();
    String latest =
        customer.isEmpty() ? r.ticket().summary() : customer.get(customer.size() - 1).text();
    Language language = Language.detect(latest);
    EstimatingTokenCounter counter =
        new EstimatingTokenCounter(r.config().context().contextWindow());
    ContextBuilder contexts =
        new ContextBuilder(counter, new Summarizer(model, counter), r.config().context());
    SystemPromptBuilder prompts = new SystemPromptBuilder(clock);
    ContextBuilder.Context context =
        contexts.build(
            r.transcript().publicTurns(),
            summary -> prompts.build(prompt, r.ticket(), deskName, language, visible, summary),
            r.state().summary());
    return new ChatRequest(
        context.messages(),
        List.of(),
        forcedTool.apply(r.ticket()).<ToolChoice>map(ToolChoice::function).orElse(ToolChoice.AUTO),
        r.config().temperature(),
        0.9,
        r.config().context().replyTokens(),
        null,
        null);
  }

  /** Generates a suggestion, streaming text and tool calls to {@code listener}. */
  public StreamingAgent.Result suggest(String key, StreamingAgent.Listener listener) {
    Read r = read(key);
    ChatRequest request = request(r);
    return new StreamingAgent(model, tools.get())
        .run(request, new ToolContext(r.ticket(), ToolPolicy.readOnly()), listener);
  }

  ChatModel model() {
    return model;
  }

  /** The tools for a suggestion now (the pipeline's, for the current settings), or null. */
  ToolExecutor tools() {
    return tools.get();
  }

  private User me() {
    Object client =
        jira instanceof com.jsmai.plugin.settings.LiveJiraClient live ? live.current() : jira;
    Me cached = me;
    if (cached == null || cached.client() != client) {
      cached = new Me(client, jira.myself());
      me = cached;
    }
    return cached.user();
  }

  private static String clip(String s, int max) {
    if (s == null) return "";
    s = s.strip().replace('\n', ' ');
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
