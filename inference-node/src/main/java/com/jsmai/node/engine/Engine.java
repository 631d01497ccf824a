package com.jsmai.node.engine;

import com.jsmai.node.constrain.LogitsConstraint;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.Sequence;
import com.jsmai.node.sampling.FinishReason;
import com.jsmai.node.sampling.Sampler;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.sampling.TextGenerator;
import com.jsmai.node.sampling.TokenHistory;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching: one scheduler thread owns the model and, between decode steps, admits
 * waiting requests into the running batch, so a long answer never blocks a short one.
 *
 * <p>Each step is one {@link QwenModel#forward}: one token for every decoding sequence plus a chunk
 * of the prompt of sequences still in prefill (at most {@link EngineConfig#prefillChunkTokens} in
 * total). Weights are read once per step for the whole batch. After the step every sequence samples
 * its next token with its own {@link Sampler} (seeded per request), so a request's output does not
 * depend on what else is running.
 *
 * <p>Memory: admission reserves {@code (prompt + max_tokens) × kvBytesPerToken} of the KV budget; a
 * request that does not fit waits (FIFO) in a bounded queue; a full queue refuses with {@link
 * EngineRejectedException}. The {@link PrefixCache} uses what the running sequences leave, up to
 * its own cap, and gives memory back (LRU) when admission needs it.
 *
 * <p>Cancellation ({@link Handle#cancel()}, e.g. the client disconnected) frees the sequence and
 * its reservation at the next step. {@link #shutdown} stops admission, lets work finish within a
 * grace period and fails whatever remains with a clear error.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final QwenModel model;
  private final QwenTokenizer tokenizer;
  private final EngineConfig config;
  private final TextGenerator stopRules;
  private final PrefixCache prefixCache;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Active> waiting = new ArrayDeque<>(); // guarded by lock
  private final List<Active> running = new ArrayList<>(); // scheduler thread only
  private final Thread scheduler;
  private final EngineMetrics metrics = new EngineMetrics();
  private volatile long reservedBytes; // written by the scheduler
  private volatile long prefixBytes; // scheduler's copy of prefixCache.bytes(), for readers
  private volatile long prefixHits;
  private volatile int runningCount;
  private volatile boolean closing; // no new requests
  private volatile long drainDeadline = Long.MAX_VALUE; // nanoTime after which all work fails
  private volatile boolean stopped;

  public Engine(QwenModel model, QwenTokenizer tokenizer, EngineConfig config) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.config = config;
    this.stopRules = new TextGenerator(model, tokenizer);
    this.prefixCache =
        new PrefixCache(model, config.prefixBlockTokens(), config.prefixCacheBytes());
    this.scheduler = new Thread(this::loop, "engine-scheduler");
    this.scheduler.setDaemon(true);
    this.scheduler.start();
  }

  /** Control over one submitted request. */
  public interface Handle {
    /** Stops the request at the next step and frees its KV cache; its listener gets an error. */
    void cancel();
  }

  public QwenModel model() {
    return model;
  }

  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  public EngineConfig config() {
    return config;
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  /** Tokens of context: prompt plus output must fit. */
  public int contextLength() {
    return model.config().maxPositionEmbeddings();
  }

  /** KV bytes a request with this prompt and budget reserves while it runs. */
  public long reservationBytes(int promptTokens, int maxTokens) {
    return (long) (promptTokens + maxTokens) * model.kvBytesPerToken();
  }

  /**
   * Queues a request.
   *
   * @throws IllegalArgumentException when prompt plus max_tokens exceed the context or the whole KV
   *     budget (it could never run)
   * @throws EngineRejectedException when the queue is full or the engine is shutting down
   */
  public Handle submit(GenerationRequest request) {
    int prompt = request.prompt().length;
    int max = request.params().maxTokens();
    if (prompt + max > contextLength()) {
      throw new IllegalArgumentException(
          "prompt of "
              + prompt
              + " tokens plus max_tokens "
              + max
              + " exceeds the model's context of "
              + contextLength()
              + " tokens");
    }
    long need = reservationBytes(prompt, max);
    if (need > config.kvCacheBytes()) {
      throw new IllegalArgumentException(
          "prompt of "
              + prompt
              + " tokens plus max_tokens "
              + max
              + " needs "
              + (need >> 20)
              + " MiB of KV cache; the budget is "
              + (config.kvCacheBytes() >> 20)
              + " MiB");
    }
    Active a = new Active(request, need);
    lock.lock();
    try {
      if (closing) {
        throw new EngineRejectedException(
            EngineRejectedException.Reason.SHUTTING_DOWN, "the server is shutting down");
      }
      if (waiting.size() >= config.queueCapacity()
          && !(waiting.isEmpty() && runningCount < config.maxRunning())) {
        metrics.rejected.incrementAndGet();
        throw new EngineRejectedException(
            EngineRejectedException.Reason.QUEUE_FULL,
            "the request queue is full (" + config.queueCapacity() + " waiting); retry later");
      }
      waiting.add(a);
      metrics.submitted.incrementAndGet();
      work.signal();
    } finally {
      lock.unlock();
    }
    return a;
  }

  public int queueDepth() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  public int runningCount() {
    return runningCount;
  }

  /** KV bytes reserved by running sequences plus held by the prefix cache. */
  public long kvBytesInUse() {
    return reservedBytes + prefixBytes;
  }

  /** Requests that reused a cached prompt prefix. */
  public long prefixCacheHits() {
    return prefixHits;
  }

  /** Whether the scheduler still runs. */
  public boolean isAlive() {
    return scheduler.isAlive() && !stopped;
  }

  /**
   * Stops accepting requests, lets queued and running ones finish for up to {@code grace}, then
   * fails the rest ("the server is shutting down") and stops the scheduler. Idempotent.
   */
  public void shutdown(Duration grace) {
    lock.lock();
    try {
      closing = true;
      long deadline = System.nanoTime() + grace.toNanos();
      if (deadline < drainDeadline) {
        drainDeadline = deadline;
      }
      work.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      scheduler.join(grace.toMillis() + 30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a request that was still queued or running when the drain grace ran out fails with. */
  private static EngineRejectedException shuttingDown() {
    return new EngineRejectedException(
        EngineRejectedException.Reason.SHUTTING_DOWN, "the server is shutting down");
  }

  /** Shuts down with no grace period. The model and tokenizer stay open (the caller owns them). */
  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  // ---------------------------------------------------------------- scheduler thread

  private void loop() {
    try {
      while (true) {
        List<Active> admitted = new ArrayList<>();
        lock.lock();
        try {
          while (waiting.isEmpty() && running.isEmpty() && !closing) {
            work.await(1, TimeUnit.SECONDS);
          }
          if (closing && waiting.isEmpty() && running.isEmpty()) {
            break;
          }
          if (closing && System.nanoTime() > drainDeadline) {
            failAll(shuttingDown());
            break;
          }
          admit(admitted);
        } finally {
          lock.unlock();
        }
        for (Active a : admitted) {
          start(a);
        }
        if (!running.isEmpty()) {
          step();
        }
        runningCount = running.size();
        prefixBytes = prefixCache.bytes();
        prefixHits = prefixCache.hits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failAll(new IllegalStateException("the engine was interrupted"));
    } catch (Throwable t) {
      LOG.error("scheduler failed", t);
      failAll(new IllegalStateException("the engine failed: " + t.getMessage()));
    } finally {
      stopped = true;
      prefixCache.close();
      prefixBytes = 0;
      runningCount = 0;
    }
  }

  /** Moves waiting requests into the batch while slots and KV memory allow (lock held). */
  private void admit(List<Active> admitted) {
    Iterator<Active> it = waiting.iterator();
    while (it.hasNext()) {
      Active a = it.next();
      if (a.cancelled) {
        it.remove();
        a.fail(new CancellationException("cancelled before it started"));
        metrics.cancelled.incrementAndGet();
        continue;
      }
      if (running.size() + admitted.size() >= config.maxRunning()) {
        return;
      }
      while (reservedBytes + prefixCache.bytes() + a.reservation > config.kvCacheBytes()
          && prefixCache.evictOldest()) {
        // give prefix memory back to running sequences
      }
      if (reservedBytes + prefixCache.bytes() + a.reservation > config.kvCacheBytes()) {
        return; // FIFO: the head waits for memory, later requests wait behind it
      }
      it.remove();
      reservedBytes += a.reservation;
      admitted.add(a);
    }
  }

  /** Creates the sequence of a newly admitted request, reusing a cached prefix. */
  private void start(Active a) {
    try {
      int[] prompt = a.request.prompt();
      SamplingParams p = a.request.params();
      a.sequence = model.newSequence(prompt.length + p.maxTokens());
      PrefixCache.Match m = prefixCache.lookup(prompt);
      if (m != null) {
        a.sequence.cache().copyPrefixFrom(m.source().cache(), m.tokens());
        a.cachedTokens = m.tokens();
        a.prefilled = m.tokens();
      }
      a.sampler = Sampler.create(p, tokenizer.vocabSize(), a.request.constraint());
      a.history = new TokenHistory(prompt);
      a.stops = stopRules.stopTokens(p);
      a.text = new TextStream(tokenizer, p.stopStrings());
      running.add(a);
    } catch (RuntimeException e) {
      release(a);
      a.fail(e);
    }
  }

  private void step() {
    List<Active> batch = new ArrayList<>();
    List<Sequence> seqs = new ArrayList<>();
    List<int[]> chunks = new ArrayList<>();
    int prefillBudget = config.prefillChunkTokens();
    for (Iterator<Active> it = running.iterator(); it.hasNext(); ) {
      Active a = it.next();
      if (a.cancelled || (closing && System.nanoTime() > drainDeadline)) {
        it.remove();
        release(a);
        if (a.cancelled) {
          metrics.cancelled.incrementAndGet();
          a.fail(new CancellationException("cancelled"));
        } else {
          a.fail(shuttingDown());
        }
        continue;
      }
      int[] prompt = a.request.prompt();
      int[] chunk;
      if (a.prefilled < prompt.length) {
        if (prefillBudget <= 0) {
          continue; // its prompt continues next step
        }
        int n = Math.min(prompt.length - a.prefilled, prefillBudget);
        chunk = Arrays.copyOfRange(prompt, a.prefilled, a.prefilled + n);
        prefillBudget -= n;
      } else {
        chunk = new int[] {a.lastToken};
      }
      batch.add(a);
      seqs.add(a.sequence);
      chunks.add(chunk);
    }
    if (batch.isEmpty()) {
      return;
    }
    float[][] logits;
    long t0 = System.nanoTime();
    try {
      logits = model.forward(seqs, chunks);
    } catch (RuntimeException e) {
      LOG.warn("forward step failed for {} sequences: {}", batch.size(), e.toString());
      for (Active a : batch) {
        running.remove(a);
        release(a);
        a.fail(new IllegalStateException("generation failed: " + e.getMessage(), e));
      }
      return;
    }
    metrics.stepSeconds.observe((System.nanoTime() - t0) / 1e9);
    for (int i = 0; i < batch.size(); i++) {
      Active a = batch.get(i);
      int[] prompt = a.request.prompt();
      if (a.prefilled < prompt.length) {
        a.prefilled += chunks.get(i).length;
        metrics.promptTokens.addAndGet(chunks.get(i).length);
        if (a.prefilled < prompt.length) {
          continue;
        }
        long room = config.kvCacheBytes() - reservedBytes;
        try {
          prefixCache.insert(prompt, a.sequence, room);
        } catch (RuntimeException e) {
          LOG.warn("prefix cache insert failed: {}", e.toString());
        }
      }
      try {
        advance(a, logits[i]);
      } catch (RuntimeException e) {
        running.remove(a);
        release(a);
        a.fail(e);
      }
    }
  }

  /** Samples the next token of a sequence and decides whether it ends. */
  private void advance(Active a, float[] logits) {
    SamplingParams p = a.request.params();
    LogitsConstraint c = a.request.constraint();
    int generated = a.history.generatedCount();
    if (c.done()) {
      finish(a, FinishReason.STOP);
      return;
    }
    int token = a.sampler.sample(logits, a.history, p.maxTokens() - generated);
    a.history.add(token);
    long now = System.nanoTime();
    if (generated == 0) {
      a.ttftNanos = now - a.submittedNanos;
      metrics.ttftSeconds.observe(a.ttftNanos / 1e9);
    } else {
      metrics.itlSeconds.observe((now - a.lastTokenNanos) / 1e9);
    }
    a.lastTokenNanos = now;
    metrics.generatedTokens.incrementAndGet();
    a.request.listener().onToken(token, now);
    if (a.stops.contains(token)) {
      finish(a, FinishReason.STOP);
      return;
    }
    String delta = a.text.push(token);
    if (!delta.isEmpty()) {
      a.request.listener().onText(delta);
    }
    if (a.text.stopped() || c.done()) {
      // A complete constrained output ends here even on the budget's last token: only an
      // end-of-sequence token could follow, so it finished by "stop", not by length.
      finish(a, FinishReason.STOP);
    } else if (a.history.generatedCount() >= p.maxTokens()) {
      finish(a, FinishReason.LENGTH);
    } else {
      a.lastToken = token;
    }
  }

  private void finish(Active a, FinishReason reason) {
    running.remove(a);
    String tail = a.text.finish();
    if (!tail.isEmpty()) {
      a.request.listener().onText(tail);
    }
    release(a);
    metrics.completed.incrementAndGet();
    a.done = true;
    a.request
        .listener()
        .onComplete(
            new Completion(
                a.text.text(),
                reason,
                a.request.prompt().length,
                a.cachedTokens,
                a.history.generatedCount(),
                a.ttftNanos));
  }

  private void release(Active a) {
    if (a.sequence != null) {
      a.sequence.close();
      a.sequence = null;
    }
    if (a.reserved) {
      a.reserved = false;
      reservedBytes -= a.reservation;
    }
  }

  private void failAll(RuntimeException error) {
    for (Active a : new ArrayList<>(running)) {
      release(a);
      a.fail(error);
    }
    running.clear();
    lock.lock();
    try {
      closing = true;
      for (Active a : waiting) {
        a.fail(error);
      }
      waiting.clear();
    } finally {
      lock.unlock();
    }
  }

  /** One request's scheduler-side state. */
  private final class Active implements Handle {
    final GenerationRequest request;
    final long reservation;
    final long submittedNanos = System.nanoTime();
    volatile boolean cancelled;
    boolean reserved = true;
    boolean done;
    Sequence sequence;
    Sampler sampler;
    TokenHistory history;
    Set<Integer> stops;
    TextStream text;
    int prefilled;
    int cachedTokens;
    int lastToken;
    long ttftNanos;
    long lastTokenNanos;

    Active(GenerationRequest request, long reservation) {
      this.request = request;
      this.reservation = reservation;
    }

    @Override
    public void cancel() {
      cancelled = true;
      lock.lock();
      try {
        work.signal();
      } finally {
        lock.unlock();
      }
    }

    void fail(RuntimeException e) {
      if (done) {
        return;
      }
      done = true;
      try {
        request.listener().onError(e);
      } catch (RuntimeException ignored) {
        // a listener failure must not stop the scheduler
      }
    }
  }

  /** Counters and histograms the server exports at /metrics. */
  public static final class EngineMetrics {
    public final AtomicLong submitted = new AtomicLong();
    public final AtomicLong completed = new AtomicLong();
    public final AtomicLong cancelled = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong generatedTokens = new AtomicLong();
    public final AtomicLong promptTokens = new AtomicLong();
    private static final double[] LATENCY_BUCKETS = {
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };
    public final Histogram ttftSeconds = new Histogram(LATENCY_BUCKETS);
    public final Histogram itlSeconds = new Histogram(LATENCY_BUCKETS);
    public final Histogram stepSeconds = new Histogram(LATENCY_BUCKETS);
  }
}
