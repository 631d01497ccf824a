package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConstraintStateTest {
  private final TokenVocabulary vocab = Vocabularies.synthetic();

  private int token(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (int id = 0; id < vocab.size(); id++) {
      if (java.util.Arrays.equals(vocab.bytes(id), b)) {
        return id;
      }
    }
    throw new IllegalArgumentException("no token " + text);
  }

  @Test
  void topLevelNumber_canEndButIsNotComplete_untilEos() {
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema("{\"type\":\"integer\"}"), vocab);
    ConstraintState s = g.start().advance(token("12"));
    assertThat(s.canEnd()).isTrue();
    assertThat(s.isComplete()).isFalse();
    int eos = vocab.endTokenIds()[0];
    assertThat(s.allowedTokens(5).get(eos)).isTrue();
    assertThat(s.allowedTokens(5).get(token("0"))).isTrue();
    ConstraintState ended = s.advance(eos);
    assertThat(ended.ended()).isTrue();
    assertThat(ended.isComplete()).isTrue();
  }

  @Test
  void closedObject_onlyEndTokensFollow() {
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema("{\"type\":\"object\"}"), vocab);
    ConstraintState s = g.start().advance(token("{")).advance(token("}"));
    assertThat(s.isComplete()).isTrue();
    BitSet allowed = s.allowedTokens(10);
    assertThat(allowed.stream().toArray()).containsExactlyInAnyOrder(vocab.endTokenIds());
    assertThatThrownBy(() -> s.advance(token(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void budgetOfOne_insideString_onlyTokensThatCloseEverything() {
    Grammar g =
        JsonSchemaConstraint.compile(
            Bytes.schema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"),
            vocab);
    ConstraintState s = g.start().advance(token("{\"")).advance(token("a")).advance(token("\":"));
    s = s.advance(token("\"")).advance(token("hello"));
    assertThat(s.minTokensToFinish()).isEqualTo(1); // "}
    BitSet allowed = s.allowedTokens(1);
    assertThat(allowed.stream().toArray()).containsExactly(token("\"}"));
    assertThat(s.allows(token(" world"), 1)).isFalse();
    assertThat(s.allows(token(" world"), 2)).isTrue();
  }

  @Test
  void budgetBelowMinimum_stillOffersTheCheapestTokens() {
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema(Schemas.all().get("order")), vocab);
    ConstraintState s = g.start();
    assertThat(s.minTokensToFinish()).isGreaterThan(3);
    assertThat(s.allowedTokens(1).isEmpty()).isFalse();
    assertThatThrownBy(() -> s.allowedTokens(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logitsConstraint_paddingAndSpecialRows_masked() {
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema("{\"type\":\"string\"}"), vocab);
    LogitsConstraint c = g.newLogitsConstraint(20);
    float[] logits = new float[vocab.size()];
    c.apply(logits, 20);
    int finiteCount = 0;
    for (int id = 0; id < vocab.size(); id++) {
      boolean finite = logits[id] != Float.NEGATIVE_INFINITY;
      byte[] b = vocab.bytes(id);
      if (b == null) {
        assertThat(finite).as("special or padding id " + id).isFalse();
      } else if (finite) {
        assertThat(b[0]).as("id " + id).isEqualTo((byte) '"');
        finiteCount++;
      }
    }
    assertThat(finiteCount).isGreaterThan(1).isEqualTo(c.allowedTokens().cardinality());
    assertThat(c.allowedTokens().get(token("\""))).isTrue();
    assertThat(c.allowedTokens().get(token("{\""))).isFalse();
  }

  @Test
  void sharedGrammar_concurrentGenerations_allValid() throws Exception {
    String schema = Schemas.all().get("order");
    Grammar g = JsonSchemaConstraint.compile(Bytes.schema(schema), vocab);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> runs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        long seed = i;
        runs.add(
            pool.submit(
                () ->
                    ConstrainedGenerator.generate(
                            g, new RandomLogitsSource(vocab), 30 + (int) seed * 5, seed, false)
                        .tokens()));
      }
      for (Future<int[]> f : runs) {
        GenerationValidity.assertValidJson(schema, vocab, f.get(), "concurrent");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toolCall_required_nameIsOneOfTheTools() {
    Map<String, JsonNode> tools =
        Map.of(
            "get", Bytes.schema("{\"type\":\"object\"}"),
            "get_order", Bytes.schema(Schemas.tools().get("query_order_status")));
    Grammar g = ToolCallConstraint.forRequired(tools, vocab);
    ConstraintState s = g.start().advance(vocab.addedTokenId("<tool_call>").orElseThrow());
    for (String piece : new String[] {"\n", "{\"", "name", "\": ", "\"", "g", "e", "t"}) {
      s = s.advance(token(piece));
    }
    assertThat(s.allows(token("_id"), 50)).isFalse(); // neither "get_id" nor a free name
    assertThat(s.allows(token("\""), 50)).isTrue(); // "get"
    assertThat(s.allows(token("_"), 50)).isTrue(); // towards "get_order"
    assertThatThrownBy(() -> ToolCallConstraint.forRequired(Map.of(), vocab))
        .isInstanceOf(InvalidConstraintException.class);
    assertThatThrownBy(
            () ->
                ToolCallConstraint.forNamed(
                    "bad", Bytes.schema("{\"type\":\"object\",\"not\":{}}"), vocab))
        .isInstanceOf(InvalidConstraintException.class)
        .hasMessageContaining("parameters of tool 'bad'")
        .hasMessageContaining("'not'");
  }

  @Test
  void vocabulary_rowsBelowTokenizer_rejected() {
    JsonNode tok =
        Bytes.schema(
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1}},"
                + "\"added_tokens\":[{\"id\":2,\"content\":\"<|im_end|>\"}]}");
    assertThat(TokenVocabulary.fromTokenizerJson(tok, 8, "t").size()).isEqualTo(8);
    assertThatThrownBy(() -> TokenVocabulary.fromTokenizerJson(tok, 2, "t"))
        .hasMessageContaining("smaller than the tokenizer");
    assertThatThrownBy(
            () -> TokenVocabulary.fromTokenizerJson(Bytes.schema("{\"model\":{}}"), -1, "t"))
        .hasMessageContaining("not a byte-level BPE");
  }
}
