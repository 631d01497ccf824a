package com.jsmai.plugin.app.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jsmai.plugin.faq.FallbackBot;
import com.jsmai.plugin.faq.InstantAnswerCache;
import com.jsmai.plugin.jira.Ticket;
import com.jsmai.plugin.llm.ChatMessage;
import com.jsmai.plugin.llm.ChatRequest;
import com.jsmai.plugin.llm.ModelUnavailableException;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.ratelimit.ReplyRateLimits;
import com.jsmai.plugin.reply.Assistant;
import com.jsmai.plugin.safety.InputGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the pipeline's {@link Assistant} (the model, or the tool loop) with, in this order:
 *
 * <ol>
 *   <li>the per-customer and per-desk limit on automatic replies (customer-facing answers only);
 *   <li>instant answers: an exact normalised-question hit in the FAQ cache answers without the
 *       model;
 *   <li>fencing: when the input check marked the text untrusted, every customer message goes into
 *       an {@code <untrusted>} fence and the system prompt gets {@link
 *       InputGuard#UNTRUSTED_NOTICE};
 *   <li>the fallback bot: when the model is unavailable or timed out, an answer by retrieval from
 *       the FAQ entries and knowledge-base articles above the threshold; below it the exception
 *       goes on and the orchestrator's retry-then-handoff applies.
 * </ol>
 */
final class GuardedAssistant implements Assistant {
  private static final Logger log = LoggerFactory.getLogger(GuardedAssistant.class);

  private final Assistant delegate;
  private final InstantAnswerLookup instantAnswers;
  private final FallbackBot bot;
  private final ReplyRateLimits limits;
  private final PluginMetrics metrics;
  private final AuditTrail audit;
  private final Cache<String, Boolean> repliesCounted =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(1)).build();

  GuardedAssistant(
      Assistant delegate,
      InstantAnswerLookup instantAnswers,
      FallbackBot bot,
      ReplyRateLimits limits,
      PluginMetrics metrics,
      AuditTrail audit) {
    this.delegate = delegate;
    this.instantAnswers = instantAnswers;
    this.bot = bot;
    this.limits = limits;
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public Answer answer(Request request) {
    Ticket ticket = request.ticket();
    GuardContext ctx = GuardContext.currentFor(ticket.key());
    if (ctx == null || ctx.customerId == null) {
      // No input check ran on this thread (a pipeline without one): start from the prompt.
      GuardContext event = ctx;
      ctx = GuardContext.begin(ticket, lastUserText(request.chat()));
      if (event != null) {
        ctx.forceHandoffOnLimit = event.forceHandoffOnLimit;
        ctx.eventId = event.eventId;
      }
    }
    ctx.systemPrompt = systemText(request.chat());
    ctx.source = GuardContext.Source.MODEL;

    // One reply token per event: a retry after a model outage must not spend the customer's budget.
    boolean alreadyCounted =
        ctx.eventId != null && repliesCounted.getIfPresent(ctx.eventId) != null;
    if (limits != null && request.audience() == Audience.CUSTOMER && !alreadyCounted) {
      ReplyRateLimits.Verdict v = limits.checkReply(ctx.customerId, ctx.deskId);
      if (v.allowed() && ctx.eventId != null) repliesCounted.put(ctx.eventId, Boolean.TRUE);
      if (!v.allowed()) {
        RateLimitedException over =
            new RateLimitedException(v.decision().limit(), v.decision().retryAfter(), v.action());
        return overLimit(ctx, over);
      }
    }

    if (instantAnswers != null) {
      // The input check's lookup when it made one (it then judged a hit without the learned stage).
      Optional<InstantAnswerCache.CachedAnswer> hit = instantAnswers.forEvent(ctx, ticket);
      if (hit.isPresent()) {
        ctx.source = GuardContext.Source.INSTANT;
        audit.decision(ticket.key(), "instant-answer", "answered", "faq:" + hit.get().entryId());
        return Answer.reply(hit.get().answer());
      }
    }

    ChatRequest chat = ctx.untrusted ? fenced(request.chat()) : request.chat();
    try {
      return delegate.answer(new Request(ticket, chat, request.audience(), request.facts()));
    } catch (RateLimitedException e) {
      return overLimit(ctx, e);
    } catch (ModelUnavailableException e) {
      if (bot == null) throw e;
      FallbackBot.Answer fb;
      try {
        fb = bot.answer(ctx.customerText);
      } catch (RuntimeException botFailure) {
        log.warn("{}: fallback bot failed: {}", ticket.key(), botFailure.toString());
        throw e;
      }
      metrics.fallback(fb.answered());
      audit.decision(
          ticket.key(),
          "fallback-bot",
          fb.answered() ? "answered" : "handoff",
          String.format(
              "model unavailable (%s); best similarity %.3f%s",
              e.getMessage(), fb.similarity(), fb.answered() ? " from " + fb.source() : ""));
      if (!fb.answered()) throw e;
      ctx.source = GuardContext.Source.FALLBACK;
      return Answer.reply(fb.text());
    }
  }

  private Answer overLimit(GuardContext ctx, RateLimitedException e) {
    boolean handoff = e.action() == ReplyRateLimits.OverLimit.HANDOFF || ctx.forceHandoffOnLimit;
    String action = handoff ? "handoff" : "queue";
    metrics.rateLimited(e.limit(), action);
    audit.decision(ctx.ticketKey, "rate-limit", action, e.getMessage());
    if (handoff) return Answer.handoff("rate limit " + e.limit() + " reached");
    throw e;
  }

  static ChatRequest fenced(ChatRequest chat) {
    List<ChatMessage> out = new ArrayList<>();
    boolean noticed = false;
    for (ChatMessage m : chat.messages()) {
      if (m.role() == ChatMessage.Role.SYSTEM && !noticed) {
        out.add(ChatMessage.system(m.content() + "\n\n" + InputGuard.UNTRUSTED_NOTICE));
        noticed = true;
      } else if (m.role() == ChatMessage.Role.USER) {
        out.add(ChatMessage.user(InputGuard.markUntrusted("customer", m.content())));
      } else {
        out.add(m);
      }
    }
    if (!noticed) out.add(0, ChatMessage.system(InputGuard.UNTRUSTED_NOTICE));
    return new ChatRequest(
        out,
        chat.tools(),
        chat.toolChoice(),
        chat.temperature(),
        chat.topP(),
        chat.maxTokens(),
        chat.seed(),
        chat.responseFormat());
  }

  private static String systemText(ChatRequest chat) {
    StringBuilder s = new StringBuilder();
    for (ChatMessage m : chat.messages()) {
      if (m.role() == ChatMessage.Role.SYSTEM && m.content() != null) {
        s.append(m.content()).append('\n');
      }
    }
    return s.toString();
  }

  private static String lastUserText(ChatRequest chat) {
    List<ChatMessage> ms = chat.messages();
    for (int i = ms.size() - 1; i >= 0; i--) {
      if (ms.get(i).role() == ChatMessage.Role.USER && ms.get(i).content() != null) {
        return ms.get(i).content();
      }
    }
    return "";
  }
}
