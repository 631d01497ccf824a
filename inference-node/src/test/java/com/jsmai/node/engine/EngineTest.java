package com.jsmai.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.TestModels;
import com.jsmai.node.sampling.FinishReason;
import com.jsmai.node.sampling.SamplingParams;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static QwenModel model;
  private static QwenTokenizer tokenizer;

  @BeforeAll
  static void load() {
    var dir = TestModels.tiny(Architecture.QWEN2, DType.F32, 1);
    model = QwenModel.load(dir);
    tokenizer = QwenTokenizer.load(dir);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    model.close();
  }

  private static final long MIB = 1L << 20;

  private static int[] randomPrompt(Random r, int length) {
    int[] p = new int[length];
    for (int i = 0; i < length; i++) {
      p[i] = r.nextInt(150_000);
    }
    return p;
  }

  private static SamplingParams greedy(int max) {
    return SamplingParams.builder().temperature(0).maxTokens(max).ignoreEos(true).build();
  }

  @Test
  void submit_greedyAloneOrInBatchOf16_identicalTokens() throws Exception {
    Random r = new Random(7);
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      prompts.add(randomPrompt(r, 3 + r.nextInt(60)));
    }
    List<List<Integer>> alone = new ArrayList<>();
    try (Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(256 * MIB))) {
      for (int[] p : prompts) {
        Recorder rec = new Recorder();
        engine.submit(new GenerationRequest(p, greedy(24), null, rec));
        rec.await();
        alone.add(rec.tokens());
      }
    }
    List<Recorder> batch = new ArrayList<>();
    int maxRunningSeen = 0;
    try (Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(256 * MIB))) {
      for (int[] p : prompts) {
        Recorder rec = new Recorder();
        batch.add(rec);
        engine.submit(new GenerationRequest(p, greedy(24), null, rec));
      }
      while (!batch.get(15).done.isDone()) {
        maxRunningSeen = Math.max(maxRunningSeen, engine.runningCount());
        Thread.sleep(1);
      }
      for (Recorder rec : batch) {
        rec.await();
      }
    }
    assertThat(maxRunningSeen).as("sequences ran together").isGreaterThan(1);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(batch.get(i).tokens()).as("request %d", i).isEqualTo(alone.get(i));
      assertThat(alone.get(i)).hasSize(24);
    }
  }

  @Test
  void submit_sharedPrefix_reusesCacheAndKeepsOutput() throws Exception {
    Random r = new Random(11);
    int[] system = randomPrompt(r, 100);
    int[] a = concat(system, randomPrompt(r, 9));
    int[] b = concat(system, randomPrompt(r, 7));
    List<Integer> plain;
    try (Engine engine =
        new Engine(model, tokenizer, EngineConfig.defaults(64 * MIB).withPrefixCacheBytes(0))) {
      Recorder rec = new Recorder();
      engine.submit(new GenerationRequest(b, greedy(12), null, rec));
      assertThat(rec.await().cachedPromptTokens()).isZero();
      plain = rec.tokens();
    }
    try (Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(64 * MIB))) {
      Recorder first = new Recorder();
      engine.submit(new GenerationRequest(a, greedy(4), null, first));
      assertThat(first.await().cachedPromptTokens()).isZero();
      Recorder second = new Recorder();
      engine.submit(new GenerationRequest(b, greedy(12), null, second));
      Completion c = second.await();
      assertThat(c.cachedPromptTokens()).isEqualTo(96); // 6 whole blocks of 16 of the 100 shared
      assertThat(second.tokens()).isEqualTo(plain);
      assertThat(engine.prefixCacheHits()).isEqualTo(1);
    }
  }

  @Test
  void cancel_runningRequest_freesItsKvCacheAndReportsCancellation() throws Exception {
    try (Engine engine =
        new Engine(model, tokenizer, EngineConfig.defaults(64 * MIB).withPrefixCacheBytes(0))) {
      Recorder rec = new Recorder();
      Engine.Handle h =
          engine.submit(new GenerationRequest(new int[] {1, 2, 3}, greedy(3000), null, rec));
      assertThat(rec.firstToken.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(engine.kvBytesInUse()).isEqualTo(3003 * model.kvBytesPerToken());

      h.cancel();

      // CompletableFuture rethrows a CancellationException as itself.
      assertThatThrownBy(rec::await).isInstanceOf(CancellationException.class);
      waitUntil(() -> engine.runningCount() == 0 && engine.kvBytesInUse() == 0);
      assertThat(rec.tokens().size()).isLessThan(3000);
      assertThat(engine.metrics().cancelled.get()).isEqualTo(1);
    }
  }

  @Test
  void submit_queueFull_rejectedWithQueueFull() throws Exception {
    EngineConfig one = EngineConfig.defaults(64 * MIB).withMaxRunning(1).withQueueCapacity(1);
    try (Engine engine = new Engine(model, tokenizer, one)) {
      Recorder running = new Recorder();
      Engine.Handle h1 =
          engine.submit(new GenerationRequest(new int[] {5}, greedy(3000), null, running));
      assertThat(running.firstToken.await(60, TimeUnit.SECONDS)).isTrue();
      Recorder waiting = new Recorder();
      Engine.Handle h2 =
          engine.submit(new GenerationRequest(new int[] {6}, greedy(3000), null, waiting));
      assertThat(engine.queueDepth()).isEqualTo(1);

      assertThatThrownBy(
              () ->
                  engine.submit(
                      new GenerationRequest(new int[] {7}, greedy(4), null, new Recorder())))
          .isInstanceOf(EngineRejectedException.class)
          .extracting(e -> ((EngineRejectedException) e).reason())
          .isEqualTo(EngineRejectedException.Reason.QUEUE_FULL);
      h2.cancel();
      h1.cancel();
      assertThatThrownBy(waiting::await).isInstanceOf(CancellationException.class);
      assertThat(waiting.tokens()).isEmpty();
    }
  }

  @Test
  void submit_kvBudgetFull_secondRequestWaitsForTheFirst() throws Exception {
    long perRequest = (10 + 40) * model.kvBytesPerToken();
    EngineConfig tight =
        new EngineConfig(8, 8, perRequest + perRequest / 2, 0, 16, 512); // room for one
    try (Engine engine = new Engine(model, tokenizer, tight)) {
      Recorder a = new Recorder();
      Recorder b = new Recorder();
      engine.submit(new GenerationRequest(randomPrompt(new Random(1), 10), greedy(40), null, a));
      engine.submit(new GenerationRequest(randomPrompt(new Random(2), 10), greedy(40), null, b));
      a.await();
      b.await();
      assertThat(b.firstTokenNanos).isGreaterThan(a.completedNanos - 1_000_000);
      assertThat(b.tokens()).hasSize(40);
    }
  }

  @Test
  void submit_beyondContextOrBudget_illegalArgumentNamingTheLimit() {
    try (Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(MIB))) {
      assertThatThrownBy(
              () ->
                  engine.submit(
                      new GenerationRequest(new int[] {1}, greedy(5000), null, new Recorder())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("context of 4096");
      assertThatThrownBy(
              () ->
                  engine.submit(
                      new GenerationRequest(new int[] {1}, greedy(4000), null, new Recorder())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("KV cache");
    }
  }

  @Test
  void shutdown_inFlightRequestFinishesWithinGraceAndNewOnesAreRefused() throws Exception {
    Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(64 * MIB));
    Recorder rec = new Recorder();
    engine.submit(new GenerationRequest(new int[] {1, 2}, greedy(30), null, rec));
    Thread stopper = new Thread(() -> engine.shutdown(Duration.ofSeconds(60)));
    stopper.start();
    waitUntil(
        () -> {
          try {
            engine.submit(new GenerationRequest(new int[] {1}, greedy(1), null, new Recorder()));
            return false;
          } catch (EngineRejectedException e) {
            return e.reason() == EngineRejectedException.Reason.SHUTTING_DOWN;
          }
        });
    assertThat(rec.await().finishReason()).isEqualTo(FinishReason.LENGTH);
    stopper.join(60_000);
    assertThat(engine.isAlive()).isFalse();
  }

  @Test
  void shutdown_graceExpired_inFlightRequestGetsAClearError() throws Exception {
    Engine engine = new Engine(model, tokenizer, EngineConfig.defaults(64 * MIB));
    Recorder rec = new Recorder();
    engine.submit(new GenerationRequest(new int[] {1, 2}, greedy(3000), null, rec));
    assertThat(rec.firstToken.await(60, TimeUnit.SECONDS)).isTrue();

    engine.shutdown(Duration.ZERO);

    assertThatThrownBy(rec::await).hasMessageContaining("shutting down");
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 60 s");
      }
      Thread.sleep(5);
    }
  }
}
