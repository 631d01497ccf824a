package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.safety.SharedDatasets.Half;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The fixed split of a jailbreak corpus by family (docs/safety.md, "Third round, amendment"). The
 * templates here are written for the test (placeholder text, no jailbreak wording).
 */
class JailbreakCorpusSplitTest {

  private static final String OPENING =
      "Lorem ipsum opening of a long template that every version of one family shares, "
          + "word for word, well past one hundred and twenty characters";

  @Test
  void familyOf_longTemplate_firstHundredTwentyCharactersWhitespaceFolded() {
    String family = ExternalAttackCorpora.familyOf("  Lorem\n\n ipsum\t" + OPENING.substring(12));

    assertThat(family).hasSize(120).isEqualTo(OPENING.substring(0, 120));
    assertThat(ExternalAttackCorpora.familyOf("short one")).isEqualTo("short one");
  }

  @Test
  void inHalf_versionsWithTheSameOpening_landInTheSameHalf() {
    String v1 = OPENING + " and then version one's own ending __PROMPT__";
    String v2 = OPENING.replace(" ", "\n ") + " a quite different second version, much longer.";

    boolean dev1 = ExternalAttackCorpora.inHalf(v1, Half.DEV);

    assertThat(ExternalAttackCorpora.inHalf(v2, Half.DEV)).isEqualTo(dev1);
    assertThat(ExternalAttackCorpora.inHalf(v2, Half.HELD_OUT)).isEqualTo(!dev1);
  }

  @Test
  void inHalf_sha256OfFamily_evenFirstByteIsDevelopment() throws Exception {
    // Recomputed here from the documented rule, independently of SharedDatasets.
    for (int i = 0; i < 40; i++) {
      String template = "Template number " + i + " " + OPENING;
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(ExternalAttackCorpora.familyOf(template).getBytes(StandardCharsets.UTF_8));
      boolean even = (digest[0] & 1) == 0;

      assertThat(ExternalAttackCorpora.inHalf(template, Half.DEV)).as(template).isEqualTo(even);
      assertThat(ExternalAttackCorpora.inHalf(template, Half.HELD_OUT))
          .as(template)
          .isEqualTo(!even);
    }
  }

  @Test
  void indicesInHalf_twoHalves_partitionTheCorpusStably() {
    List<String> templates = new ArrayList<>();
    IntStream.range(0, 60).forEach(i -> templates.add("Family " + i + ": " + OPENING));

    List<Integer> dev = ExternalAttackCorpora.indicesInHalf(templates, Half.DEV);
    List<Integer> heldOut = ExternalAttackCorpora.indicesInHalf(templates, Half.HELD_OUT);

    assertThat(dev).isNotEmpty().doesNotContainAnyElementsOf(heldOut);
    assertThat(heldOut).isNotEmpty();
    assertThat(dev.size() + heldOut.size()).isEqualTo(templates.size());
    assertThat(ExternalAttackCorpora.indicesInHalf(templates, Half.ALL)).hasSize(60);
    // Stable: the same corpus splits the same way again, and reordering does not move a family.
    assertThat(ExternalAttackCorpora.indicesInHalf(templates, Half.DEV)).isEqualTo(dev);
    List<String> reversed = new ArrayList<>(templates);
    Collections.reverse(reversed);
    List<String> devTexts = dev.stream().map(templates::get).toList();
    assertThat(
            ExternalAttackCorpora.indicesInHalf(reversed, Half.DEV).stream()
                .map(reversed::get)
                .toList())
        .containsExactlyInAnyOrderElementsOf(devTexts);
  }
}
