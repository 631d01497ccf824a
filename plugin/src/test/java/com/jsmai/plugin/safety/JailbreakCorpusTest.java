package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A sanity check of the fetched promptfoo corpus, not a detection threshold (the figures come from
 * {@link JailbreakCorpusBenchmark}). Skips when {@code scripts/fetch-attack-corpora} has not been
 * run.
 */
class JailbreakCorpusTest {

  @Test
  void promptfooJailbreaks_fetched_loadEveryTemplateWithTheRequestIn() throws Exception {
    Path file = ExternalAttackCorpora.promptfooJailbreaks().orElse(null);
    Assumptions.assumeTrue(
        file != null,
        ExternalAttackCorpora.PROMPTFOO_FILE
            + " not found in "
            + ExternalAttackCorpora.candidateDirs()
            + "; "
            + ExternalAttackCorpora.FETCH_HINT
            + " to check it; skipping");
    String request = JailbreakCorpusBenchmark.REQUESTS.get("neutral");

    List<String> templates = ExternalAttackCorpora.read(file);
    List<ExternalAttackCorpora.Attack> attacks = ExternalAttackCorpora.fill(templates, request);

    assertThat(templates).hasSizeGreaterThan(50);
    assertThat(attacks).hasSameSizeAs(templates);
    assertThat(attacks)
        .allSatisfy(
            a -> {
              assertThat(a.text()).doesNotContain(ExternalAttackCorpora.PLACEHOLDER);
              assertThat(a.text().contains(request)).isEqualTo(a.hadPlaceholder());
            });
    assertThat(attacks).anyMatch(ExternalAttackCorpora.Attack::hadPlaceholder);
  }
}
