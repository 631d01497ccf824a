package com.jsmai.plugin.faq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// The real ONNX encoders from Maven Central, on a small FAQ written for this test.
@Tag("slow")
class FallbackBotTest {
  private static final List<FaqEntry> FAQ =
      List.of(
          new FaqEntry(
              "returns",
              List.of("How do I return an item?", "Can I send back a product I bought?"),
              "Open Orders, choose the item and press Return."),
          new FaqEntry(
              "delivery",
              List.of(
                  "Where is my order?",
                  "My parcel has not arrived yet",
                  "My package hasn't been delivered"),
              "Track it under Orders > Tracking."),
          new FaqEntry(
              "password",
              List.of("How do I reset my password?", "I forgot my password"),
              "Use 'Forgot password' on the sign-in page."),
          new FaqEntry("refund-zh", List.of("退款多久到账？", "退款什么时候到"), "退款会在 5 个工作日内退回原支付账户。"));

  private static OnnxEmbedder english;
  private static OnnxEmbedder chinese;

  @BeforeAll
  static void loadModels() {
    english = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_EN_V15, 2);
    chinese = new OnnxEmbedder(OnnxEmbedder.Model.BGE_SMALL_ZH_V15, 2);
  }

  @AfterAll
  static void close() {
    english.close();
    chinese.close();
  }

  private static FallbackBot bot(KnowledgeBase kb) {
    return new FallbackBot(FallbackBot.Config.defaults(), FAQ, english, chinese, kb);
  }

  @Test
  void answer_paraphraseOfFaqQuestion_answeredFromThatEntry() {
    FallbackBot.Answer a =
        bot(KnowledgeBase.NONE).answer("my package still hasn't been delivered, where is it?");

    assertThat(a.answered()).isTrue();
    assertThat(a.source()).isEqualTo("faq:delivery");
    assertThat(a.text()).startsWith("Track it");
  }

  @Test
  void answer_chineseQuestion_usesChineseEncoder() {
    FallbackBot.Answer a = bot(KnowledgeBase.NONE).answer("我的退款多久能到账？");

    assertThat(a.answered()).isTrue();
    assertThat(a.source()).isEqualTo("faq:refund-zh");
  }

  @Test
  void answer_unrelatedQuestion_handsOff() {
    FallbackBot.Answer a =
        bot(KnowledgeBase.NONE).answer("Can your company sponsor our football team next season?");

    assertThat(a.answered()).isFalse();
    assertThat(a.text()).isNull();
    assertThat(a.similarity()).isLessThan(FallbackBot.Config.defaults().threshold());
  }

  @Test
  void answer_noFaqMatch_pointsToCloseKnowledgeBaseArticle() throws Exception {
    try (MockWebServer jsm = new MockWebServer()) {
      jsm.enqueue(
          new MockResponse()
              .setBody(
                  """
          {"values":[{"title":"Changing the delivery address of an order",
            "excerpt":"You can change the delivery address of an order until it ships.",
            "content":{"iframeSrc":"https://kb.example.com/a/42"}}]}"""));
      KnowledgeBase kb = new JsmKnowledgeBase(new OkHttpClient(), jsm.url("/"), "Bearer t", null);

      FallbackBot.Answer a = bot(kb).answer("How can I change the delivery address of my order?");

      assertThat(a.answered()).isTrue();
      assertThat(a.source()).isEqualTo("article:Changing the delivery address of an order");
      assertThat(a.text()).contains("https://kb.example.com/a/42");
    }
  }

  @Test
  void answer_knowledgeBaseDown_handsOffInsteadOfFailing() throws Exception {
    try (MockWebServer jsm = new MockWebServer()) {
      jsm.enqueue(new MockResponse().setResponseCode(500));
      KnowledgeBase kb = new JsmKnowledgeBase(new OkHttpClient(), jsm.url("/"), "Bearer t", null);

      assertThat(bot(kb).answer("Can your company sponsor our football team?").answered())
          .isFalse();
    }
  }

  @Test
  void reindex_newEntry_answerableImmediately() {
    FallbackBot bot = bot(KnowledgeBase.NONE);
    bot.reindex(
        List.of(new FaqEntry("gift", List.of("Do you sell gift cards?"), "Yes, in any amount.")));

    assertThat(bot.answer("do you have gift cards for sale").source()).isEqualTo("faq:gift");
    assertThat(bot.entries()).hasSize(1);
  }
}
