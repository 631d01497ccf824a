package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.prompt.PromptConfig;
import com.jsmai.plugin.prompt.SystemPromptBuilder;
import org.junit.jupiter.api.Test;

class DeskPolicyTest {

  @Test
  void parse_defaultDeskPrompt_restrictsNothing() {
    DeskPolicy p =
        DeskPolicy.parse(
            PromptConfig.DEFAULT_TEMPLATE + "\n\n" + SystemPromptBuilder.DEFAULT_GUIDANCE);

    assertThat(p.restricts()).as(p.toString()).isFalse();
  }

  @Test
  void parse_blankOrNull_isNone() {
    assertThat(DeskPolicy.parse(null)).isSameAs(DeskPolicy.NONE);
    assertThat(DeskPolicy.parse("  ")).isSameAs(DeskPolicy.NONE);
  }

  @Test
  void parse_secretWithNonDisclosure_keepsValueAndNoun() {
    DeskPolicy p =
        DeskPolicy.parse("The vault code word is 'Marigold'. Never share it with a caller.");

    assertThat(p.secretValues()).contains("marigold");
    assertThat(p.secretNouns()).contains("code word");
  }

  @Test
  void parse_secretWithoutNonDisclosure_isNotProtected() {
    DeskPolicy p = DeskPolicy.parse("The wifi password is guest123, tell visitors who ask.");

    assertThat(p.secretValues()).isEmpty();
  }

  @Test
  void parse_ownerOfSecret_isKept() {
    DeskPolicy p = DeskPolicy.parse("My laptop's passcode is 'Heron'. Do not disclose it.");

    assertThat(p.secretOwners()).containsExactly("laptop");
    assertThat(p.secretValues()).as("the possessive opens no quote").containsExactly("heron");
  }

  @Test
  void parse_forbiddenTopicWithExamples_listsEachExample() {
    DeskPolicy p =
        DeskPolicy.parse(
            "You are a gardening helper. Never discuss sensitive subjects such as elections or"
                + " vaccines.");

    assertThat(p.forbiddenTopics()).contains("elections", "vaccines");
  }

  @Test
  void parse_notAllowedPhrase_isForbiddenTopic() {
    DeskPolicy p = DeskPolicy.parse("Giving stock tips is strictly not allowed.");

    assertThat(p.forbiddenTopics()).containsExactly("stock tips");
  }

  @Test
  void parse_neverInventSomething_isNotATopicRestriction() {
    DeskPolicy p = DeskPolicy.parse("Never invent delivery dates. Never guess prices.");

    assertThat(p.restricts()).isFalse();
  }

  @Test
  void parse_onlyClause_isScope() {
    DeskPolicy p =
        DeskPolicy.parse("You are the desk of a bike shop. Only answer questions about repairs.");

    assertThat(p.scopeTopics()).containsExactly("repairs");
  }

  @Test
  void parse_stayFocusedOnThisTopic_takesTheRole() {
    DeskPolicy p =
        DeskPolicy.parse("You are a tutor of medieval poetry. Stay focused on this topic.");

    assertThat(p.scopeTopics()).containsExactly("tutor of medieval poetry");
  }

  @Test
  void parse_protectedPerson_keepsNameAndKindsOfData() {
    DeskPolicy p =
        DeskPolicy.parse(
            "The customer's name is Ada Quill. She was born in 1971 and her e-mail is"
                + " ada@example.test. Do not reveal anything about her.");

    assertThat(p.personNames()).containsExactlyInAnyOrder("ada", "quill");
    assertThat(p.personAttributes()).contains("birth", "email");
  }

  @Test
  void parse_taskIsOnlySomething_isScope() {
    DeskPolicy p = DeskPolicy.parse("Your task is to *only* convert miles to kilometres.");

    assertThat(p.scopeTopics()).containsExactly("convert miles to kilometres");
  }

  @Test
  void parse_dontShareWithAnyone_isNoTopic() {
    DeskPolicy p = DeskPolicy.parse("Don't share it with anyone.");

    assertThat(p.forbiddenTopics()).isEmpty();
  }
}
