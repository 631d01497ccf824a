package com.jsmai.plugin.reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.jsmai.plugin.concurrent.DaemonThreads;
import com.jsmai.plugin.concurrent.Futures;
import com.jsmai.plugin.conversation.ContextBuilder;
import com.jsmai.plugin.conversation.Language;
import com.jsmai.plugin.conversation.Summarizer;
import com.jsmai.plugin.conversation.TicketState;
import com.jsmai.plugin.conversation.TicketStateStore;
import com.jsmai.plugin.conversation.Transcript;
import com.jsmai.plugin.conversation.TriggerRules;
import com.jsmai.plugin.conversation.Turn;
import com.jsmai.plugin.inbox.EventHandler;
import com.jsmai.plugin.inbox.StageTimeline;
import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.JiraClient;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.jira.User;
import com.jsmai.plugin.llm.ChatModel;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.EstimatingTokenCounter;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.llm.TokenCounter;
import com.jsmai.plugin.llm.ToolChoice;
import com.jsmai.plugin.memory.Fact;
import com.jsmai.plugin.memory.FactExtractor;
import com.jsmai.plugin.memory.MemoryConfig;
import com.jsmai.plugin.policy.HandoffDetector;
import com.jsmai.plugin.policy.ReplyMode;
import com.jsmai.plugin.policy.ReplyPolicy;
import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import com.jsmai.plugin.webhook.JiraEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply pipeline: one event in, at most one comment out.
 *
 * <pre>
 * event -> re-read ticket, thread, state -> trigger rules -> policy (off / suggest / auto)
 *       -> handoff checks (asks for a human, repeats itself, reply limit, input check)
 *       -> optional delay (re-checked when it fires)
 *       -> [MEMORY] facts + window + summary + system prompt -> Assistant (model, maybe tools)
 *       -> output check -> public reply | internal draft | handoff note
 * </pre>
 *
 * <p><b>Exactly once.</b> The visible effect of an event is one comment, guarded twice: by the
 * {@link EffectGuard} (the inbox's effects ledger: only one worker may post for an event) and by
 * the ticket's issue property: before posting the state records a pending mark, after posting the
 * comment id and the event id. A worker that crashed after posting but before recording leaves the
 * mark behind; the retry finds the assistant's comment created after the mark and records it
 * instead of posting again.
 *
 * <p><b>Latency.</b> The state, ticket and thread are read in parallel; for a reply, the claim and
 * then the pending mark are written while the output check re-reads the thread (the mark names the
 * comment's kind, so it is rewritten when the reply turns into a draft). The claim is taken only
 * after the model answered: held during a long model call it could go stale and be taken over.
 *
 * <p><b>Failures.</b> Throwing keeps the event pending in the inbox: Jira errors, an unreachable
 * model (until {@link com.jsmai.plugin.policy.HandoffPolicy#modelDeadline()} after the event, then
 * a handoff note), a model answer that failed (until {@code maxModelFailures} in a row, then a
 * handoff), and another worker holding the claim.
 *
 * <p>Thread-safe: work on one ticket is serialised by a per-ticket lock in this instance (Jira
 * properties have no compare-and-set); several instances rely on the effect guard.
 */
public final class ReplyOrchestrator implements EventHandler {
  private static final Logger log = LoggerFactory.getLogger(ReplyOrchestrator.class);

  /** Comment property that marks the assistant's comments: {@code {"eventId": .., "kind": ..}}. */
  public static final String COMMENT_PROPERTY = "jsmai.generated";

  /** The effect name used with the {@link EffectGuard}: the one comment an event may produce. */
  public static final String EFFECT_COMMENT = "comment";

  static final String KIND_REPLY = "reply";
  static final String KIND_DRAFT = "draft";
  static final String KIND_HANDOFF = "handoff";

  /**
   * The public notice after a handoff note: the pending mark's kind is this plus {@code ":en"} or
   * {@code ":zh"} (the language it goes out in), its comment mark's kind is this alone.
   */
  static final String KIND_NOTICE = "handoffNotice";

  /** The effect name of the public handoff notice: one per handoff event, besides its note. */
  public static final String EFFECT_NOTICE = "handoffNotice";

  /** The ledger reference of a notice the output check held back (no comment id). */
  private static final String HELD = "held";

  private static final int MAX_SCHEDULED_RETRIES = 20;

  /**
   * Runs what an event can do side by side: its first Jira reads, and its effect claim and pending
   * mark while the output check runs. Shared by every orchestrator (the app rebuilds its
   * orchestrator on each settings change); unbounded, but at most two tasks per worker are in
   * flight and idle threads end after a minute.
   */
  private static final ExecutorService READS =
      Executors.newCachedThreadPool(DaemonThreads.numbered("reply-read"));

  private final JiraClient jira;
  private final Assistant assistant;
  private final EffectGuard guard;
  private final ReplyScheduler scheduler;
  private final InputCheck inputCheck;
  private final OutputCheck outputCheck;
  private final DecisionListener decisions;
  private final Clock clock;
  private final ReplyConfig config;
  private final TicketStateStore store;
  private final TriggerRules triggers = new TriggerRules();
  private final SystemPromptBuilder prompts;
  private final ContextBuilder contexts;
  private final LoadingCache<String, Object> locks =
      Caffeine.newBuilder().weakValues().build(k -> new Object());
  private volatile User me;

  private ReplyOrchestrator(Builder b) {
    this.jira = b.jira;
    this.assistant = b.assistant != null ? b.assistant : new ModelAssistant(b.model);
    this.guard = b.guard;
    this.clock = b.clock;
    this.scheduler = b.scheduler != null ? b.scheduler : ReplyScheduler.executor(b.clock);
    this.inputCheck = b.inputCheck;
    this.outputCheck = b.outputCheck;
    this.decisions = b.decisions;
    this.config = b.config;
    this.store = new TicketStateStore(b.jira);
    this.prompts = new SystemPromptBuilder(b.clock);
    TokenCounter counter =
        b.tokenCounter != null
            ? b.tokenCounter
            : new EstimatingTokenCounter(b.config.context().contextWindow());
    this.contexts =
        new ContextBuilder(counter, new Summarizer(b.model, counter), b.config.context());
  }

  public static Builder builder(JiraClient jira, ChatModel model) {
    return new Builder(jira, model);
  }

  /** Wires the orchestrator; only Jira and the model are required. */
  public static final class Builder {
    private final JiraClient jira;
    private final ChatModel model;
    private Assistant assistant;
    private TokenCounter tokenCounter;
    private EffectGuard guard = new InMemoryEffectGuard();
    private ReplyScheduler scheduler;
    private InputCheck inputCheck = InputCheck.PASS;
    private OutputCheck outputCheck = OutputCheck.PASS;
    private DecisionListener decisions = DecisionListener.NONE;
    private Clock clock = Clock.systemUTC();
    private ReplyConfig config = ReplyConfig.defaults();

    private Builder(JiraClient jira, ChatModel model) {
      this.jira = Objects.requireNonNull(jira, "jira");
      this.model = Objects.requireNonNull(model, "model (used for summaries)");
    }

    /** The answering strategy; default {@link ModelAssistant} (no tools). */
    public Builder assistant(Assistant a) {
      this.assistant = Objects.requireNonNull(a, "assistant");
      return this;
    }

    /** Token counting; default a local estimate over the configured context window. */
    public Builder tokenCounter(TokenCounter c) {
      this.tokenCounter = Objects.requireNonNull(c, "tokenCounter");
      return this;
    }

    /** The effects ledger; default in memory (one process only). */
    public Builder effectGuard(EffectGuard g) {
      this.guard = Objects.requireNonNull(g, "effectGuard");
      return this;
    }

    public Builder scheduler(ReplyScheduler s) {
      this.scheduler = Objects.requireNonNull(s, "scheduler");
      return this;
    }

    public Builder inputCheck(InputCheck c) {
      this.inputCheck = Objects.requireNonNull(c, "inputCheck");
      return this;
    }

    public Builder outputCheck(OutputCheck c) {
      this.outputCheck = Objects.requireNonNull(c, "outputCheck");
      return this;
    }

    /** Told every reply, draft and handoff (audit log, metrics); default none. */
    public Builder decisionListener(DecisionListener l) {
      this.decisions = Objects.requireNonNull(l, "decisionListener");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public Builder config(ReplyConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    public ReplyOrchestrator build() {
      return new ReplyOrchestrator(this);
    }
  }

  /** What one call did, for logs and tests. */
  public enum Outcome {
    IGNORED,
    PAUSED,
    ALREADY_HANDLED,
    SCHEDULED,
    PUBLIC_REPLY,
    INTERNAL_DRAFT,
    HANDOFF
  }

  @Override
  public void handle(JiraEvent event) throws Exception {
    process(event);
  }

  /** {@link #handle} returning what happened. */
  public Outcome process(JiraEvent event) {
    synchronized (locks.get(event.issueKey())) {
      return processLocked(event);
    }
  }

  /** Runs {@code read} on the shared pool (callers {@link Futures#join} it). */
  private static <T> CompletableFuture<T> read(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, READS);
  }

  private User me() {
    User cached = me;
    if (cached == null) {
      cached = jira.myself();
      me = cached;
    }
    return cached;
  }

  private Outcome processLocked(JiraEvent event) {
    String key = event.issueKey();
    // Every reply we post comes back as a comment webhook. When the (signed) payload already names
    // our own account as the author, ignoring needs no Jira read; any other author, or none, goes
    // through the full checks below, which re-read the thread and never trust the payload to act.
    if (event.kind() == JiraEvent.Kind.COMMENT_CREATED
        && event.authorAccountId() != null
        && event.authorAccountId().equals(me().accountId())) {
      log.info("{}: event {} -> IGNORE (the assistant's own comment)", key, event.deliveryId());
      return Outcome.IGNORED;
    }
    // The state, the ticket and the thread are independent reads: in parallel they cost one Jira
    // round trip instead of three. (Only a duplicate event wastes the two it did not need.)
    CompletableFuture<Ticket> ticketRead = read(() -> jira.getTicket(key));
    CompletableFuture<List<Comment>> commentsRead = read(() -> jira.getComments(key));
    TicketState state;
    try {
      state = store.load(key);
    } catch (TicketStateStore.UnsupportedStateException e) {
      log.error("{}: not acting on event {}: {}", key, event.deliveryId(), e.getMessage());
      return Outcome.IGNORED;
    }
    if (state.handled(event.deliveryId())) {
      // A handoff whose note is recorded but whose public notice is not (a crash or a Jira error
      // between the two): the retry of that event posts the notice, once.
      if (isNotice(state.pending())) completeNotice(key, Futures.join(ticketRead), state);
      return Outcome.ALREADY_HANDLED;
    }
    Ticket ticket = Futures.join(ticketRead);
    List<Comment> comments = Futures.join(commentsRead);
    User self = me();
    // A notice still owed by an earlier handoff goes out before anything else on the ticket. Its
    // failure must not hold this event up: the mark stays for the handoff event's own retry.
    if (isNotice(state.pending())) {
      try {
        state = completeNotice(key, ticket, state);
      } catch (RuntimeException e) {
        log.warn("{}: owed handoff notice not posted yet: {}", key, e.getMessage());
      }
    }

    // A crash after posting leaves a pending mark: find what was posted, record it, stop.
    if (state.pending() != null && state.pending().eventId().equals(event.deliveryId())) {
      Optional<Comment> posted = findPosted(key, comments, state, self, state.pending(), false);
      if (posted.isPresent()) {
        TicketState.PendingEffect p = state.pending();
        state = afterEffect(state, p.kind(), event, posted.get().id(), p.kind().equals(KIND_REPLY));
        if (p.kind().equals(KIND_HANDOFF)) {
          // The crash also lost what the handoff records after its note: the pause, the notice.
          ReplyPolicy recovered =
              config.policies().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
          state =
              afterHandoffNote(
                  state,
                  event,
                  recovered,
                  customerLanguage(
                      ticket, comments, OwnComments.of(jira, key, self, state), recovered),
                  "handoff: recovered after a crash",
                  clock.instant());
        }
        store.save(key, state);
        guard.markDone(event.deliveryId(), EFFECT_COMMENT, posted.get().id());
        log.info(
            "{}: event {} was already answered by comment {} (recovered after a crash)",
            key,
            event.deliveryId(),
            posted.get().id());
        if (isNotice(state.pending())) completeNotice(key, ticket, state);
        return outcomeOf(p.kind());
      }
    }

    ReplyPolicy policy = config.policies().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    // Each test of a comment's property is a Jira read; the trigger rules and the transcript test
    // the same comments several times, so one OwnComments reads each one once per event.
    OwnComments own = OwnComments.of(jira, key, self, state);
    TriggerRules.Decision decision =
        triggers.decide(event, ticket, comments, self, state, own::isMarked);
    StageTimeline.mark("triggers decided");
    log.info(
        "{}: event {} -> {} ({})", key, event.deliveryId(), decision.outcome(), decision.reason());
    if (decision.outcome() == TriggerRules.Outcome.PAUSE) {
      if (!state.isPaused()) {
        String commentId = decision.comment() == null ? null : decision.comment().id();
        state =
            state
                .withPause(new TicketState.Pause(decision.reason(), commentId, clock.instant()))
                .withScheduled(null);
        store.save(key, state);
      }
      return Outcome.PAUSED;
    }
    if (decision.outcome() == TriggerRules.Outcome.IGNORE) {
      if (state.scheduled() != null && state.scheduled().eventId().equals(event.deliveryId())) {
        store.save(key, state.withScheduled(null)); // cancelled at send time
      }
      return Outcome.IGNORED;
    }
    if (policy.mode() == ReplyMode.OFF) return Outcome.IGNORED;

    Transcript transcript = Transcript.of(ticket, comments, own, policy.footerForms());
    MemoryConfig memory = config.memory().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    List<Fact> facts = new FactExtractor(memory).extract(ticket.fieldValues(), sources(transcript));
    state = state.withFacts(facts);
    List<Fact> visibleFacts = FactExtractor.publicOnly(facts);
    String customerText =
        decision.comment() != null ? decision.comment().body() : transcript.all().get(0).text();
    Language language = detectLanguage(transcript, customerText);

    // Reasons to hand off before asking the model.
    HandoffDetector detector = new HandoffDetector(policy.handoff().extraHumanPhrases());
    Optional<String> human = detector.asksForHuman(customerText);
    if (human.isPresent()) {
      return handoff(
          event,
          ticket,
          language,
          state,
          policy,
          "the customer asked for a human (\"" + human.get() + "\")");
    }
    if (policy.handoff().onRepeatedQuestion()
        && detector.repeats(customerText, answeredCustomerTexts(transcript, decision))) {
      return handoff(
          event,
          ticket,
          language,
          state,
          policy,
          "the customer repeated a question that was already answered");
    }
    if (policy.mode() == ReplyMode.AUTO && state.autoReplies() >= policy.maxAutoReplies()) {
      return handoff(
          event,
          ticket,
          language,
          state,
          policy,
          "the limit of "
              + policy.maxAutoReplies()
              + " automatic replies on this ticket is reached");
    }
    StageTimeline.mark("facts extracted, handoff checks");
    CheckResult input = inputCheck.check(ticket, customerText);
    StageTimeline.mark("input checked");
    if (!input.passed()) {
      return handoff(event, ticket, language, state, policy, "input check: " + input.reason());
    }

    // A delayed reply waits; when it fires, the trigger rules above run again on a fresh thread.
    if (policy.mode() == ReplyMode.AUTO && !policy.delay().isZero()) {
      Instant base =
          event.timestamp() > 0 ? Instant.ofEpochMilli(event.timestamp()) : clock.instant();
      Instant due = base.plus(policy.delay());
      if (clock.instant().isBefore(due)) {
        state =
            state.withScheduled(
                new TicketState.ScheduledReply(
                    event.deliveryId(),
                    due,
                    event.kind().name(),
                    event.commentId(),
                    event.timestamp()));
        store.save(key, state);
        scheduler.schedule(due, () -> runScheduled(event, 0));
        log.info("{}: reply to event {} scheduled for {}", key, event.deliveryId(), due);
        return Outcome.SCHEDULED;
      }
    }

    // Build the prompt from what the customer can see, and ask.
    PromptConfig promptConfig =
        config.prompts().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    String deskName = config.serviceDeskNames().get(ticket.serviceDeskId());
    Assistant.Audience audience =
        policy.mode() == ReplyMode.AUTO ? Assistant.Audience.CUSTOMER : Assistant.Audience.AGENT;
    Assistant.Answer answer;
    ContextBuilder.Context context;
    try {
      context =
          contexts.build(
              transcript.publicTurns(),
              summary ->
                  prompts.build(promptConfig, ticket, deskName, language, visibleFacts, summary),
              state.summary());
      StageTimeline.mark("context built");
      ChatRequest chat =
          new ChatRequest(
              context.messages(),
              List.of(),
              ToolChoice.AUTO,
              config.temperature(),
              0.9,
              config.context().replyTokens(),
              null,
              null);
      answer = assistant.answer(new Assistant.Request(ticket, chat, audience, visibleFacts));
      StageTimeline.mark("answered");
      if (answer.handoffReason() == null && (answer.text() == null || answer.text().isBlank())) {
        throw new IllegalStateException("the assistant returned an empty answer");
      }
    } catch (ModelUnavailableException e) {
      Duration waited = Duration.ofMillis(clock.millis() - event.timestamp());
      if (event.timestamp() > 0 && waited.compareTo(policy.handoff().modelDeadline()) >= 0) {
        return handoff(
            event,
            ticket,
            language,
            state,
            policy,
            "the model has been unavailable for "
                + waited.toMinutes()
                + " min ("
                + e.getMessage()
                + ")");
      }
      store.save(key, state);
      throw e; // the inbox keeps the event pending and retries
    } catch (RuntimeException e) {
      int failures = state.modelFailures() + 1;
      if (failures >= policy.handoff().maxModelFailures()) {
        return handoff(
            event,
            ticket,
            language,
            state.withModelFailures(0),
            policy,
            "the model failed " + failures + " times in a row (" + e.getMessage() + ")");
      }
      store.save(key, state.withModelFailures(failures));
      throw e;
    }
    state = state.withModelFailures(0).withSummary(context.summary());
    if (answer.handoffReason() != null) {
      return handoff(event, ticket, language, state, policy, answer.handoffReason());
    }
    String text = answer.text().strip();
    if (policy.mode() == ReplyMode.SUGGEST) {
      String body = "AI suggested reply (not sent to the customer):\n\n" + text;
      post(event, state, KIND_DRAFT, body, false, s -> s);
      return decided(event, ticket, Outcome.INTERNAL_DRAFT, "suggest mode", body);
    }
    // Whatever the output check says, this event posts exactly one comment (the reply or a draft)
    // under one effect claim. The check re-reads the thread from Jira (so a note written during
    // the model call counts); meanwhile the claim (a durable ledger write) and, once it is ours,
    // the pending mark (a Jira write) go ahead, so the check costs no extra round trip.
    Ahead ahead = ahead(event, state, KIND_REPLY);
    CheckResult output;
    try {
      output = outputCheck.check(ticket, text, visibleFacts);
    } catch (RuntimeException e) {
      giveBack(event, ahead);
      throw e;
    }
    StageTimeline.mark("output checked");
    if (!output.passed()) {
      String body =
          "AI reply held back by the output check: "
              + output.reason()
              + "\nDraft (not sent to the customer):\n\n"
              + text;
      post(event, state, KIND_DRAFT, body, false, s -> s, ahead);
      return decided(
          event, ticket, Outcome.INTERNAL_DRAFT, "output check: " + output.reason(), body);
    }
    String footer = policy.footerFor(language);
    String body = footer.isEmpty() ? text : text + "\n\n" + footer;
    post(event, state, KIND_REPLY, body, true, s -> s, ahead);
    return decided(event, ticket, Outcome.PUBLIC_REPLY, "", body);
  }

  private Outcome decided(
      JiraEvent event, Ticket ticket, Outcome outcome, String reason, String body) {
    try {
      decisions.decided(event, ticket, outcome, reason, body);
    } catch (RuntimeException e) {
      log.warn("{}: decision listener failed: {}", event.issueKey(), e.toString());
    }
    return outcome;
  }

  /**
   * Re-arms a delayed reply that a restart dropped: reads the ticket's state and, when a reply is
   * still scheduled and not handled, schedules it again (at once when its time has passed). Call it
   * at startup for tickets with recent events; when it fires, the usual checks run on a fresh
   * thread.
   *
   * @return true when a reply was re-armed
   */
  public boolean resumeScheduled(String issueKey) {
    TicketState state = store.load(issueKey);
    TicketState.ScheduledReply s = state.scheduled();
    if (s == null || state.handled(s.eventId())) return false;
    JiraEvent event =
        new JiraEvent(
            s.eventId(),
            JiraEvent.Kind.valueOf(s.kind()),
            issueKey,
            null,
            s.commentId(),
            null,
            null,
            s.eventTimestamp(),
            "{}");
    Instant at = s.dueAt().isAfter(clock.instant()) ? s.dueAt() : clock.instant();
    scheduler.schedule(at, () -> runScheduled(event, 0));
    return true;
  }

  private void runScheduled(JiraEvent event, int attempt) {
    try {
      process(event);
    } catch (RuntimeException e) {
      if (attempt + 1 >= MAX_SCHEDULED_RETRIES) {
        log.error(
            "{}: delayed reply to event {} failed {} times; giving up: {}",
            event.issueKey(),
            event.deliveryId(),
            attempt + 1,
            e.getMessage());
        return;
      }
      log.warn(
          "{}: delayed reply to event {} failed ({}); retrying in {}",
          event.issueKey(),
          event.deliveryId(),
          e.getMessage(),
          config.scheduledRetry());
      scheduler.schedule(
          clock.instant().plus(config.scheduledRetry()), () -> runScheduled(event, attempt + 1));
    }
  }

  private Outcome handoff(
      JiraEvent event,
      Ticket ticket,
      Language language,
      TicketState state,
      ReplyPolicy policy,
      String reason) {
    StringBuilder note =
        new StringBuilder("AI assistant: handing this ticket to a human agent.\nReason: ")
            .append(reason);
    List<Fact> known = state.facts();
    if (!known.isEmpty()) {
      note.append("\nKnown facts:");
      for (Fact f : known) note.append("\n- ").append(f.label()).append(": ").append(f.value());
    }
    Instant now = clock.instant();
    boolean posted =
        post(
            event,
            state,
            KIND_HANDOFF,
            note.toString(),
            false,
            s -> afterHandoffNote(s, event, policy, language, "handoff: " + reason, now));
    if (posted) {
      // Best effort after the note: the note is what must not be lost or doubled.
      if (policy.handoff().transitionName() != null) {
        try {
          jira.transition(event.issueKey(), policy.handoff().transitionName(), null);
        } catch (RuntimeException e) {
          log.warn(
              "{}: handoff transition '{}' failed: {}",
              event.issueKey(),
              policy.handoff().transitionName(),
              e.getMessage());
        }
      }
      if (!policy.handoff().labels().isEmpty()) {
        try {
          jira.addLabels(event.issueKey(), policy.handoff().labels());
        } catch (RuntimeException e) {
          log.warn("{}: handoff labels failed: {}", event.issueKey(), e.getMessage());
        }
      }
    }
    Outcome outcome = decided(event, ticket, Outcome.HANDOFF, reason, note.toString());
    // Throws when Jira could not take the notice: the inbox retries the event, whose note is
    // recorded, so the retry only posts the notice (see the ALREADY_HANDLED path).
    if (owesNotice(policy)) {
      TicketState after = store.load(event.issueKey());
      if (isNotice(after.pending())) completeNotice(event.issueKey(), ticket, after);
    }
    return outcome;
  }

  /**
   * What the state records once a handoff note is posted: the pause and, in auto mode with the
   * notice on, a pending mark for the public notice. The mark is written together with the note's
   * record, so a crash after the note leaves a retry that knows the notice is still owed.
   */
  private TicketState afterHandoffNote(
      TicketState s,
      JiraEvent event,
      ReplyPolicy policy,
      Language language,
      String pauseReason,
      Instant now) {
    TicketState paused = s.withPause(new TicketState.Pause(pauseReason, null, now));
    if (!owesNotice(policy)) return paused;
    String lang = language == Language.CHINESE ? "zh" : "en";
    return paused.withPending(
        new TicketState.PendingEffect(event.deliveryId(), KIND_NOTICE + ":" + lang, now));
  }

  /** Only where the assistant talks to customers itself: agents reply in suggest mode. */
  private static boolean owesNotice(ReplyPolicy policy) {
    return policy.mode() == ReplyMode.AUTO && policy.handoff().customerNotice();
  }

  private static boolean isNotice(TicketState.PendingEffect p) {
    return p != null && p.kind().startsWith(KIND_NOTICE + ":");
  }

  /**
   * Posts the public handoff notice that {@code state}'s pending mark owes, at most once: under its
   * own effect claim ({@link #EFFECT_NOTICE}, keyed by the handoff's event) and, after a crash,
   * only when the thread has no notice of ours for that event yet. The text is fixed ({@link
   * HandoffNotice}); it still passes the output check like every public reply.
   *
   * @return the state after it (the mark cleared when the notice is posted, found or dropped)
   * @throws JiraClient.JiraException when Jira did not take it and a retry may succeed
   */
  private TicketState completeNotice(String key, Ticket ticket, TicketState state) {
    TicketState.PendingEffect p = state.pending();
    String eventId = p.eventId();
    ReplyPolicy policy = config.policies().resolve(ticket.serviceDeskId(), ticket.requestTypeId());
    if (!owesNotice(policy)) {
      // Switched to suggest/off (or the notice off) since the handoff: agents answer now.
      log.info("{}: handoff notice of event {} dropped: no longer in auto mode", key, eventId);
      return saved(key, state.withPending(null));
    }
    switch (guard.tryClaim(eventId, EFFECT_NOTICE, clock.instant(), config.staleClaimAfter())) {
      case DONE -> {
        String ref = guard.doneReference(eventId, EFFECT_NOTICE).orElse(HELD);
        return saved(
            key,
            ref.equals(HELD) ? state.withPending(null) : state.withEffectDone(eventId, ref, false));
      }
      case IN_PROGRESS ->
          throw new EffectInProgressException(
              key + ": another worker is posting the handoff notice of event " + eventId);
      case ACQUIRED, TAKEN_OVER -> {}
    }
    // A crash after posting it and before recording it: find it instead of posting again.
    Optional<Comment> posted = findPosted(key, jira.getComments(key), state, me(), p, true);
    if (posted.isPresent()) {
      guard.markDone(eventId, EFFECT_NOTICE, posted.get().id());
      log.info("{}: handoff notice {} was already posted", key, posted.get().id());
      return saved(key, state.withEffectDone(eventId, posted.get().id(), false));
    }
    Language language = p.kind().endsWith(":zh") ? Language.CHINESE : Language.ENGLISH;
    String body = HandoffNotice.text(policy.handoff(), language);
    CheckResult output;
    try {
      output = outputCheck.check(ticket, body, List.of());
    } catch (RuntimeException e) {
      guard.release(eventId, EFFECT_NOTICE);
      throw e;
    }
    if (!output.passed()) {
      // Only an admin's own text can fail; the internal note already told the agents.
      log.warn(
          "{}: handoff notice held back by the output check ({}); check handoff.customerNoticeText",
          key,
          output.reason());
      guard.markDone(eventId, EFFECT_NOTICE, HELD);
      return saved(key, state.withPending(null));
    }
    Comment comment;
    try {
      comment = jira.addComment(key, body, true);
    } catch (JiraClient.JiraException e) {
      if (e.status() >= 400) guard.release(eventId, EFFECT_NOTICE); // nothing was posted
      boolean retryable = e.status() < 0 || e.status() == 429 || e.status() >= 500;
      if (!retryable) {
        log.warn("{}: Jira refused the handoff notice ({}); not retried", key, e.getMessage());
        return saved(key, state.withPending(null));
      }
      throw e; // the mark stays: the retry posts it (or, status -1, finds it)
    }
    markAsOurs(key, comment, eventId, KIND_NOTICE, "notice");
    TicketState done = saved(key, state.withEffectDone(eventId, comment.id(), false));
    guard.markDone(eventId, EFFECT_NOTICE, comment.id());
    log.info("{}: event {} -> public handoff notice {}", key, eventId, comment.id());
    return done;
  }

  private TicketState saved(String key, TicketState state) {
    store.save(key, state);
    return state;
  }

  /** The language of the customer's latest message (for a handoff recovered after a crash). */
  private static Language customerLanguage(
      Ticket ticket, List<Comment> comments, OwnComments own, ReplyPolicy policy) {
    Transcript t = Transcript.of(ticket, comments, own, policy.footerForms());
    List<Turn> customer = t.customerTurns();
    String last = customer.isEmpty() ? "" : customer.get(customer.size() - 1).text();
    return detectLanguage(t, last);
  }

  private EffectGuard.Claim claim(JiraEvent event) {
    return guard.tryClaim(
        event.deliveryId(), EFFECT_COMMENT, clock.instant(), config.staleClaimAfter());
  }

  /**
   * The effect claim asked for ahead of the post and, when it is a fresh one, the pending mark of
   * {@code kind} written right after it (null when the claim is anything else: {@link #post} then
   * decides as usual). Both run on the read pool.
   */
  private record Ahead(
      CompletableFuture<EffectGuard.Claim> claim, CompletableFuture<TicketState> marked) {}

  private Ahead ahead(JiraEvent event, TicketState state, String kind) {
    CompletableFuture<EffectGuard.Claim> claim = read(() -> claim(event));
    CompletableFuture<TicketState> marked =
        claim.thenApplyAsync(
            c -> c == EffectGuard.Claim.ACQUIRED ? markPending(event, state, kind) : null, READS);
    return new Ahead(claim, marked);
  }

  /** Records in the ticket state that this event is about to post a comment of {@code kind}. */
  private TicketState markPending(JiraEvent event, TicketState state, String kind) {
    TicketState marked =
        state.withPending(new TicketState.PendingEffect(event.deliveryId(), kind, clock.instant()));
    store.save(event.issueKey(), marked);
    return marked;
  }

  /**
   * After a claim taken ahead of time when nothing was posted: a fresh claim is dropped so a retry
   * can claim again (a pending mark it left is harmless: the retry finds no comment for it and goes
   * on); a taken-over one is kept (the crashed owner may have posted: the retry's takeover after
   * {@code staleClaimAfter} looks for that comment first).
   */
  private void giveBack(JiraEvent event, Ahead ahead) {
    try {
      // Let the mark land first, so nothing of this attempt is still writing after the release.
      ahead.marked().exceptionally(e -> null).join();
      if (Futures.join(ahead.claim()) == EffectGuard.Claim.ACQUIRED) {
        guard.release(event.deliveryId(), EFFECT_COMMENT);
      }
    } catch (RuntimeException e) {
      log.warn(
          "{}: could not give back the claim of event {}: {}",
          event.issueKey(),
          event.deliveryId(),
          e.getMessage());
    }
  }

  /**
   * Posts the event's one comment under the guard and the pending mark.
   *
   * @return true when this call posted it, false when it was already done
   */
  private boolean post(
      JiraEvent event,
      TicketState state,
      String kind,
      String body,
      boolean isPublic,
      UnaryOperator<TicketState> onDone) {
    return post(
        event,
        state,
        kind,
        body,
        isPublic,
        onDone,
        new Ahead(
            CompletableFuture.completedFuture(claim(event)),
            CompletableFuture.completedFuture(null)));
  }

  /** {@link #post} with the effect claim (and maybe the pending mark) already under way. */
  private boolean post(
      JiraEvent event,
      TicketState state,
      String kind,
      String body,
      boolean isPublic,
      UnaryOperator<TicketState> onDone,
      Ahead ahead) {
    String key = event.issueKey();
    String eventId = event.deliveryId();
    EffectGuard.Claim claim = Futures.join(ahead.claim());
    StageTimeline.mark("effect claimed");
    switch (claim) {
      case DONE -> {
        // Another worker posted it; its state write may be newer than ours, so start from it.
        TicketState fresh = store.load(key);
        if (!fresh.handled(eventId)) {
          String ref = guard.doneReference(eventId, EFFECT_COMMENT).orElse(null);
          store.save(key, onDone.apply(afterEffect(fresh, kind, event, ref, false)));
        }
        return false;
      }
      case IN_PROGRESS ->
          throw new EffectInProgressException(
              key + ": another worker is posting for event " + eventId);
      case TAKEN_OVER -> {
        // The previous owner went quiet. If it left a pending mark, it may have posted already.
        TicketState fresh = store.load(key);
        TicketState.PendingEffect mark = fresh.pending();
        if (mark != null && mark.eventId().equals(eventId)) {
          Optional<Comment> posted =
              findPosted(key, jira.getComments(key), fresh, me(), mark, false);
          if (posted.isPresent()) {
            boolean wasReply = mark.kind().equals(KIND_REPLY);
            store.save(
                key,
                onDone.apply(afterEffect(fresh, mark.kind(), event, posted.get().id(), wasReply)));
            guard.markDone(eventId, EFFECT_COMMENT, posted.get().id());
            return false;
          }
        }
      }
      case ACQUIRED -> {}
    }
    TicketState marked;
    try {
      marked = Futures.join(ahead.marked());
    } catch (RuntimeException e) {
      // The mark could not be written: nothing was posted, so the claim can go.
      if (claim == EffectGuard.Claim.ACQUIRED) guard.release(eventId, EFFECT_COMMENT);
      throw e;
    }
    if (marked == null || !marked.pending().kind().equals(kind)) {
      // Not written ahead (a taken-over claim, a handoff), or for a reply that became a draft.
      marked = state.withPending(new TicketState.PendingEffect(eventId, kind, clock.instant()));
      store.save(key, marked);
    }
    Comment comment;
    try {
      comment = jira.addComment(key, body, isPublic);
    } catch (JiraClient.JiraException e) {
      if (e.status() >= 400) {
        // Jira answered no: nothing was posted, so the claim and the mark can go.
        guard.release(eventId, EFFECT_COMMENT);
        store.save(key, state);
      }
      // status -1 (no answer): it may have been posted; the mark lets the retry find out.
      throw e;
    }
    markAsOurs(key, comment, eventId, kind, "comment");
    TicketState done = onDone.apply(afterEffect(marked, kind, event, comment.id(), isPublic));
    store.save(key, done);
    guard.markDone(eventId, EFFECT_COMMENT, comment.id());
    StageTimeline.mark("effect done");
    if (!isPublic) verifyInternal(key, comment.id());
    log.info(
        "{}: event {} -> {} comment {}",
        key,
        eventId,
        isPublic ? "public" : "internal",
        comment.id());
    return true;
  }

  private TicketState afterEffect(
      TicketState state, String kind, JiraEvent event, String commentId, boolean publicReply) {
    return state.withEffectDone(
        event.deliveryId(), commentId, publicReply && kind.equals(KIND_REPLY));
  }

  /** Fail closed: an internal note that came out public is a leak; stop the assistant here. */
  private void verifyInternal(String key, String commentId) {
    try {
      boolean leaked =
          jira.getComments(key).stream().anyMatch(c -> c.id().equals(commentId) && c.isPublic());
      if (leaked) {
        log.error(
            "{}: internal note {} is PUBLIC in Jira; pausing the assistant on this ticket",
            key,
            commentId);
        TicketState s = store.load(key);
        store.save(
            key,
            s.withPause(
                new TicketState.Pause(
                    "an internal note was published by Jira", commentId, clock.instant())));
      }
    } catch (RuntimeException e) {
      log.warn("{}: could not re-read note {}: {}", key, commentId, e.getMessage());
    }
  }

  /**
   * The assistant's comment posted after {@code pending} and not recorded yet, if any. For the
   * handoff's public {@code notice} only public comments count, and a marked one only with the
   * notice's kind (the handoff's note carries the same event id); unmarked (the property write
   * failed too), the ticket is paused after a handoff, so a public comment of ours after the mark
   * can only be the notice.
   */
  private Optional<Comment> findPosted(
      String key,
      List<Comment> comments,
      TicketState state,
      User self,
      TicketState.PendingEffect pending,
      boolean notice) {
    boolean wantPublic = notice || pending.kind().equals(KIND_REPLY);
    Instant since = pending.markedAt().minus(config.clockSkew());
    for (Comment c : comments) {
      if (state.isOwnComment(c.id()) || (notice && !c.isPublic())) continue;
      Optional<JsonNode> mark = OwnComments.mark(jira, key, c);
      if (mark.isPresent()) {
        if (pending.eventId().equals(mark.get().path("eventId").asText())
            && (!notice || KIND_NOTICE.equals(mark.get().path("kind").asText()))) {
          return Optional.of(c);
        }
        continue;
      }
      boolean byMe = c.author() != null && c.author().accountId().equals(self.accountId());
      boolean after = c.created() == null || !c.created().isBefore(since);
      if (byMe && after && c.isPublic() == wantPublic) return Optional.of(c);
    }
    return Optional.empty();
  }

  private static Outcome outcomeOf(String kind) {
    return switch (kind) {
      case KIND_REPLY -> Outcome.PUBLIC_REPLY;
      case KIND_DRAFT -> Outcome.INTERNAL_DRAFT;
      default -> Outcome.HANDOFF;
    };
  }

  private static List<FactExtractor.Source> sources(Transcript transcript) {
    List<FactExtractor.Source> out = new ArrayList<>();
    for (Turn t : transcript.all()) {
      String id = t.id().equals(Transcript.DESCRIPTION_ID) ? "description" : "comment:" + t.id();
      out.add(new FactExtractor.Source(id, t.text(), !t.isPublic()));
    }
    return out;
  }

  /** Earlier customer messages that got a public answer afterwards (not the triggering one). */
  private static List<String> answeredCustomerTexts(
      Transcript transcript, TriggerRules.Decision decision) {
    List<Turn> visible = transcript.publicTurns();
    String triggerId =
        decision.comment() == null ? Transcript.DESCRIPTION_ID : decision.comment().id();
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < visible.size(); i++) {
      Turn t = visible.get(i);
      if (t.speaker() != Turn.Speaker.CUSTOMER || t.id().equals(triggerId)) continue;
      boolean gotAnswer =
          visible.subList(i + 1, visible.size()).stream()
              .anyMatch(later -> later.speaker() != Turn.Speaker.CUSTOMER);
      if (gotAnswer) answered.add(t.text());
    }
    return answered;
  }

  private static Language detectLanguage(Transcript transcript, String customerText) {
    Language latest = Language.detect(customerText);
    if (latest != Language.ENGLISH || customerText.strip().length() >= 15) return latest;
    // "ok", "#W2378156": too little to tell, so look at everything the customer wrote.
    StringBuilder all = new StringBuilder();
    for (Turn t : transcript.customerTurns()) all.append(t.text()).append('\n');
    return Language.detect(all.toString());
  }

  /**
   * Tags a comment the assistant just posted with {@link #COMMENT_PROPERTY} (event id and kind), so
   * that a retry or a restart recognises it. Best effort: when it fails, the author and the
   * recorded comment id still identify the comment as ours, so the failure is only logged.
   *
   * @param what the comment's name in the log line ({@code "comment"}, {@code "notice"})
   */
  private void markAsOurs(String key, Comment comment, String eventId, String kind, String what) {
    try {
      ObjectNode mark = store.mapper().createObjectNode();
      mark.put("eventId", eventId);
      mark.put("kind", kind);
      jira.setCommentProperty(key, comment.id(), COMMENT_PROPERTY, mark);
    } catch (RuntimeException e) {
      log.warn(
          "{}: could not mark {} {} as the assistant's: {}",
          key,
          what,
          comment.id(),
          e.getMessage());
    }
  }
}
