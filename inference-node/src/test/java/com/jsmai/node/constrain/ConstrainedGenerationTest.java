package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.jsmai.node.constrain.ConstrainedGenerator.Generation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * "200 generations, every one valid": random logits drive the constraint over a set of schemas and
 * tool calls with random budgets, tight ones included; every output is decoded, parsed by Jackson
 * and validated by networknt, independently of the recogniser.
 */
class ConstrainedGenerationTest {

  /** Runs {@code perSchema} generations per schema and tool set; returns how many ran. */
  static int runAll(TokenVocabulary vocab, TokenSource source, int perSchema, long seed) {
    Random rnd = new Random(seed);
    int count = 0;
    int tight = 0;
    int natural = 0;
    for (Map.Entry<String, String> e : Schemas.all().entrySet()) {
      Grammar g =
          e.getKey().equals("json_object")
              ? JsonSchemaConstraint.jsonObject(vocab)
              : JsonSchemaConstraint.compile(Bytes.schema(e.getValue()), vocab);
      for (int i = 0; i < perSchema; i++) {
        int budget = budget(rnd, g.minTokens());
        tight += budget <= g.minTokens() + 2 ? 1 : 0;
        long genSeed = rnd.nextLong();
        Generation gen = ConstrainedGenerator.generate(g, source, budget, genSeed, i % 3 == 0);
        String ctx = e.getKey() + " #" + i + " budget " + budget + " seed " + genSeed;
        assertThat(gen.tokens().length).as(ctx).isLessThanOrEqualTo(budget);
        JsonNode value = GenerationValidity.assertValidJson(e.getValue(), vocab, gen.tokens(), ctx);
        if (i < 2) {
          String shown = value.toString();
          System.out.println(
              ctx + ": " + (shown.length() > 160 ? shown.substring(0, 160) + "..." : shown));
        }
        natural += gen.endedByConstraint() ? 1 : 0;
        count++;
      }
    }
    Map<String, JsonNode> toolSchemas = new LinkedHashMap<>();
    Schemas.tools().forEach((k, v) -> toolSchemas.put(k, Bytes.schema(v)));
    Grammar required = ToolCallConstraint.forRequired(toolSchemas, vocab);
    Grammar named =
        ToolCallConstraint.forNamed("cancel_order", toolSchemas.get("cancel_order"), vocab);
    for (int i = 0; i < 2 * perSchema; i++) {
      Grammar g = i % 2 == 0 ? required : named;
      int budget = budget(rnd, g.minTokens());
      long genSeed = rnd.nextLong();
      Generation gen = ConstrainedGenerator.generate(g, source, budget, genSeed, i % 3 == 0);
      String ctx = (i % 2 == 0 ? "required" : "named") + " #" + i + " budget " + budget;
      assertThat(gen.tokens().length).as(ctx).isLessThanOrEqualTo(budget);
      JsonNode call =
          GenerationValidity.assertValidToolCall(Schemas.tools(), vocab, gen.tokens(), ctx);
      if (g == named) {
        assertThat(call.get("name").asText()).isEqualTo("cancel_order");
      }
      count++;
    }
    System.out.printf(
        "constrained generations: %d valid (%d at budgets within 2 of the minimum, %d complete"
            + " before the budget)%n",
        count, tight, natural);
    return count;
  }

  /** Tight (minimum + 0..2), medium, or roomy budgets. */
  static int budget(Random rnd, int min) {
    int r = rnd.nextInt(10);
    if (r < 4) {
      return min + rnd.nextInt(3);
    }
    if (r < 7) {
      return min + 3 + rnd.nextInt(40);
    }
    return Math.max(min, 60 + rnd.nextInt(140));
  }

  @Test
  @Tag("slow")
  void randomLogits_qwenVocabulary_everyOutputParsesAndValidatesWithinBudget() throws IOException {
    TokenVocabulary vocab = Vocabularies.qwen();
    int n = runAll(vocab, new RandomLogitsSource(vocab), 20, 20261121L);
    assertThat(n).isGreaterThanOrEqualTo(200);
  }

  @Test
  void randomLogits_syntheticVocabulary_everyOutputParsesAndValidatesWithinBudget() {
    TokenVocabulary vocab = Vocabularies.synthetic();
    int n = runAll(vocab, new RandomLogitsSource(vocab), 12, 7L);
    assertThat(n).isGreaterThanOrEqualTo(100);
  }

  @Test
  void budgetEqualToMinimum_outputIsTheShortestValidDocument() {
    TokenVocabulary vocab = Vocabularies.synthetic();
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema(Schemas.all().get("order")), vocab);
    for (long seed = 0; seed < 10; seed++) {
      Generation gen =
          ConstrainedGenerator.generate(
              g, new RandomLogitsSource(vocab), g.minTokens(), seed, false);
      JsonNode v =
          GenerationValidity.assertValidJson(
              Schemas.all().get("order"), vocab, gen.tokens(), "seed " + seed);
      assertThat(v.get("order_id").asText()).matches("#W[0-9]{7}");
    }
  }

  @Test
  void maxTokensBelowMinimum_rejectedWithClearMessage() {
    TokenVocabulary vocab = Vocabularies.synthetic();
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema(Schemas.all().get("order")), vocab);
    assertThatThrownBy(() -> g.newLogitsConstraint(g.minTokens() - 1))
        .isInstanceOf(InvalidConstraintException.class)
        .hasMessageContaining("max_tokens");
  }

  @Test
  void namedTool_forcesTagsPrefixAndName() {
    TokenVocabulary vocab = Vocabularies.synthetic();
    Grammar g =
        ToolCallConstraint.forNamed(
            "query_order_status", Bytes.schema(Schemas.tools().get("query_order_status")), vocab);
    ConstraintState s = g.start();
    int open = vocab.addedTokenId("<tool_call>").orElseThrow();
    assertThat(s.allowedTokens(100).stream().boxed().toList()).containsExactly(open);
    s = s.advance(open);
    // the bytes are forced: only tokens spelling a prefix of the wrapper and name are allowed
    for (int t : s.allowedTokens(100).stream().toArray()) {
      String piece = new String(vocab.bytes(t), java.nio.charset.StandardCharsets.UTF_8);
      assertThat("\n{\"name\": \"query_order_status\", \"arguments\": ").startsWith(piece);
    }
    assertThat(s.allows(vocab.addedTokenId("<|im_end|>").orElseThrow(), 100)).isFalse();
  }

  @Test
  void specialAndPaddingTokens_neverAllowedInsideJson() {
    TokenVocabulary vocab = Vocabularies.synthetic();
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema("{\"type\":\"string\"}"), vocab);
    ConstraintState s = g.start().advance(List.of(34).get(0)); // '"'
    java.util.BitSet mask = s.allowedTokens(50);
    for (int id = 0; id < vocab.size(); id++) {
      if (vocab.bytes(id) == null) {
        assertThat(mask.get(id)).as("id " + id).isFalse();
      }
    }
  }
}
