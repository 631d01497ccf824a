package com.jsmai.plugin.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactExtractorTest {
  static List<String> lines(List<Fact> facts) {
    return facts.stream().map(Fact::promptLine).toList();
  }

  static List<Fact> extract(String... texts) {
    List<FactExtractor.Source> sources =
        java.util.stream.IntStream.range(0, texts.length)
            .mapToObj(i -> new FactExtractor.Source("comment:" + i, texts[i], false))
            .toList();
    return new FactExtractor(MemoryConfig.defaults()).extract(Map.of(), sources);
  }

  @Test
  void extract_orderNumberFormats_allFound() {
    List<Fact> facts =
        extract("Order #W2378156 and SO-20240915-8812.", "Order No: 1234567", "订单号：88776655");

    assertThat(lines(facts))
        .contains(
            "[MEMORY] order number: #W2378156",
            "[MEMORY] order number: SO-20240915-8812",
            "[MEMORY] order number: 1234567",
            "[MEMORY] order number: 88776655");
  }

  @Test
  void extract_contactsTrackingAccountAmounts_found() {
    List<Fact> facts =
        extract(
            "Reach me at ana.lima+shop@example.co.uk or +86 13812345678, or 15912345678.",
            "Tracking number: 1Z999AA10123456784, SF1234567890123",
            "My account id: CUST-88123, I paid $1,299.50 and 199元");

    assertThat(lines(facts))
        .contains(
            "[MEMORY] email: ana.lima+shop@example.co.uk",
            "[MEMORY] phone: +86 13812345678",
            "[MEMORY] phone: 15912345678",
            "[MEMORY] tracking number: 1Z999AA10123456784",
            "[MEMORY] tracking number: SF1234567890123",
            "[MEMORY] account id: CUST-88123",
            "[MEMORY] amount: $1,299.50",
            "[MEMORY] amount: 199元");
  }

  @Test
  void extract_documentedExamples_found() {
    List<Fact> facts =
        extract(
            "order number: A-1234",
            "call +44 20 7946 0958",
            "customer number: 4711",
            "it was €20 or USD 15");

    assertThat(lines(facts))
        .contains(
            "[MEMORY] order number: A-1234",
            "[MEMORY] phone: +44 20 7946 0958",
            "[MEMORY] account id: 4711",
            "[MEMORY] amount: €20",
            "[MEMORY] amount: USD 15");
  }

  @Test
  void extract_digitsInsideOrderNumbers_areNotPhones() {
    List<Fact> facts = extract("Order SO-20240915-8812 and the id 913812345678901");

    assertThat(facts).noneMatch(f -> f.label().equals("phone"));
  }

  @Test
  void extract_labelWithoutDigits_isNotAnOrderNumber() {
    assertThat(extract("What is my order number? I lost it.")).isEmpty();
  }

  @Test
  void extract_sameValueTwice_keptOnceFromFirstSource() {
    List<Fact> facts = extract("order #W2378156", "again: #W2378156");

    assertThat(facts).hasSize(1);
    assertThat(facts.get(0).source()).isEqualTo("comment:0");
  }

  @Test
  void extract_valueOnlyInInternalNote_markedInternal_butPublicMentionWins() {
    FactExtractor extractor = new FactExtractor(MemoryConfig.defaults());
    List<Fact> facts =
        extractor.extract(
            Map.of(),
            List.of(
                new FactExtractor.Source("comment:1", "internal: #W1111111 and #W2222222", true),
                new FactExtractor.Source("comment:2", "customer: #W2222222", false)));

    assertThat(facts)
        .extracting(Fact::value, Fact::internal)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("#W1111111", true),
            org.assertj.core.groups.Tuple.tuple("#W2222222", false));
    assertThat(FactExtractor.publicOnly(facts))
        .extracting(Fact::value)
        .containsExactly("#W2222222");
  }

  @Test
  void extract_taggedFieldAndDeskPattern_joinFacts() {
    MemoryConfig config =
        MemoryConfig.withExtra(
            List.of(FactPattern.of("loyalty card", "\\bLC-(\\d{6})\\b")),
            Map.of("customfield_10050", "order number"));

    List<Fact> facts =
        new FactExtractor(config)
            .extract(
                Map.of("customfield_10050", "SO-20240915-8812"),
                List.of(
                    new FactExtractor.Source(
                        "description", "card LC-123456, order SO-20240915-8812", false)));

    assertThat(lines(facts))
        .containsExactly(
            "[MEMORY] order number: SO-20240915-8812", "[MEMORY] loyalty card: 123456");
  }

  @Test
  void extract_moreThanMax_keepsFieldsAndNewest() {
    MemoryConfig config = new MemoryConfig(MemoryConfig.DEFAULT_PATTERNS, Map.of("f", "vip id"), 3);
    List<FactExtractor.Source> sources =
        List.of(new FactExtractor.Source("d", "#W1000001 #W1000002 #W1000003 #W1000004", false));

    List<Fact> facts = new FactExtractor(config).extract(Map.of("f", "V-9"), sources);

    assertThat(facts).extracting(Fact::value).containsExactly("V-9", "#W1000003", "#W1000004");
  }

  @Test
  void factPattern_invalidRegex_errorNamesLabelAndRegex() {
    assertThatThrownBy(() -> FactPattern.of("order", "(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order")
        .hasMessageContaining("(unclosed");
  }
}
