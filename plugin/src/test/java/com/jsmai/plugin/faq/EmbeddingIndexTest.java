package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingIndexTest {

  private static float[] unit(float... v) {
    return Embedder.normalize(v);
  }

  @Test
  void search_entryScoredByItsClosestExample() {
    // Entry 0 has one example pointing exactly at the query; entry 1 has two near ones.
    EmbeddingIndex index =
        new EmbeddingIndex(
            List.of(unit(1, 0, 0), unit(0, 1, 0), unit(0.8f, 0.6f, 0), unit(0.7f, 0.7f, 0.1f)),
            List.of(0, 0, 1, 1));

    List<EmbeddingIndex.Hit> hits = index.search(unit(1, 0, 0), 2);

    assertThat(hits).extracting(EmbeddingIndex.Hit::entry).containsExactly(0, 1);
    assertThat(hits.get(0).similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(hits.get(1).similarity()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void constructor_mismatchedSizes_rejected() {
    assertThatThrownBy(() -> new EmbeddingIndex(List.of(unit(1, 0)), List.of(0, 1)))
        .hasMessageContaining("1 vectors but 2 owners");
  }
}
