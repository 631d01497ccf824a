package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The precomputed free-string masks ({@link FreeStringTokens}) equal, token for token and cost for
 * cost, a walk of the whole vocabulary trie, and memoized finish costs equal their definition (the
 * greedy token count of the shortest completion), on random trajectories through several schemas.
 */
class FreeStringMaskTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> schemas() {
    Map<String, String> m = new LinkedHashMap<>(MaskBench.SCHEMAS);
    m.put(
        "short_strings",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":2,"
            + "\"maxLength\":3},\"b\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
            + "\"maxLength\":1}}},\"required\":[\"a\",\"b\"],\"additionalProperties\":false}");
    return m;
  }

  @Test
  @Tag("slow")
  void freeStringMask_qwenVocabulary_equalsFullTrieWalk() throws IOException {
    int checked = check(Vocabularies.qwen(), 2, 120);
    assertThat(checked).isGreaterThan(200);
  }

  @Test
  void freeStringMask_syntheticVocabulary_equalsFullTrieWalk() {
    int checked = check(Vocabularies.synthetic(), 20, 80);
    assertThat(checked).isGreaterThan(200);
  }

  /** Returns how many free-string states were compared. */
  private static int check(TokenVocabulary vocab, int sequences, int maxTokens) {
    int checked = 0;
    for (Map.Entry<String, String> e : schemas().entrySet()) {
      Grammar g;
      try {
        g = MaskBench.grammar(e.getKey(), JSON.readTree(e.getValue()), vocab);
      } catch (IOException ex) {
        throw new AssertionError(ex);
      }
      Random rnd = new Random(e.getKey().hashCode());
      for (int seq = 0; seq < sequences; seq++) {
        ConstraintState state = g.start();
        for (int len = 0; len < maxTokens && !state.isComplete() && !state.ended(); len++) {
          BitSet pickFrom = state.allowedTokens(maxTokens - len);
          ParseStack s = state.bytes();
          if (!(s.top instanceof Frame.StrF f0) || f0.mode() == Frame.StrF.NORMAL) {
            // The memoized finish cost (one entry for all of a free string's lengths) equals its
            // definition. (Mid-character states are defined by their character's own tokens.)
            byte[] rest = Grammar.completion(s);
            assertThat(g.finishCost(s))
                .as(e.getKey() + " finish cost at " + s)
                .isEqualTo(g.trie.greedyTokenCount(rest, rest.length));
          }
          if (s.top instanceof Frame.StrF f && f.plainContext()) {
            g.clearCaches();
            MaskEntry fast = g.walkUncached(s);
            MaskEntry ref = g.walkReference(s);
            assertThat(fast.all).as(e.getKey() + " at " + s).isEqualTo(ref.all);
            assertThat(costs(fast)).as(e.getKey() + " at " + s).isEqualTo(costs(ref));
            checked++;
          }
          state = state.advance(pick(pickFrom, rnd));
        }
      }
    }
    return checked;
  }

  /** Finish cost per token id, -1 where not allowed. */
  private static int[] costs(MaskEntry m) {
    int[] out = new int[Math.max(m.all.length(), 1)];
    java.util.Arrays.fill(out, -1);
    for (int id = m.all.nextSetBit(0); id >= 0; id = m.all.nextSetBit(id + 1)) {
      out[id] = m.commonCost;
    }
    for (int i = 0; i < m.otherIds.length; i++) {
      out[m.otherIds[i]] = m.otherCost[i];
    }
    return out;
  }

  private static int pick(BitSet allowed, Random rnd) {
    int k = rnd.nextInt(allowed.cardinality());
    int id = allowed.nextSetBit(0);
    while (k-- > 0) {
      id = allowed.nextSetBit(id + 1);
    }
    return id;
  }
}
