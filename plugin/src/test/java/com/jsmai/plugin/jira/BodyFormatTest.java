package com.jsmai.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BodyFormatTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void adfToPlain_paragraphsListsMentionsAndLinks() throws Exception {
    String adf =
        """
        {"type":"doc","version":1,"content":[
          {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Order status"}]},
          {"type":"paragraph","content":[
            {"type":"mention","attrs":{"id":"5b10","text":"@Ana"}},
            {"type":"text","text":" your order "},
            {"type":"text","text":"1234567","marks":[{"type":"strong"}]},
            {"type":"hardBreak"},
            {"type":"text","text":"ships today "},
            {"type":"emoji","attrs":{"shortName":":truck:","text":"🚚"}}]},
          {"type":"orderedList","attrs":{"order":1},"content":[
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"pack"}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"ship"}]}]}]},
          {"type":"codeBlock","content":[{"type":"text","text":"ORD-1234567"}]},
          {"type":"paragraph","content":[{"type":"text","text":"Track it","marks":[{"type":"link","attrs":{"href":"https://t.example.com/x"}}]}]}]}
        """;

    String plain = AdfText.toPlain(json.readTree(adf));

    assertThat(plain)
        .isEqualTo(
            "Order status\n\n@Ana your order 1234567\nships today 🚚\n\n1. pack\n2. ship\n\n"
                + "ORD-1234567\n\nTrack it (https://t.example.com/x)");
  }

  @Test
  void adfFromPlain_paragraphsHardBreaksAndLinkMarks() {
    var doc =
        AdfText.fromPlain("Hello Ana,\nyour order shipped.\n\nTrack: https://t.example.com/x.");

    assertThat(doc.toString())
        .isEqualTo(
            "{\"type\":\"doc\",\"version\":1,\"content\":["
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Hello Ana,\"},"
                + "{\"type\":\"hardBreak\"},{\"type\":\"text\",\"text\":\"your order shipped.\"}]},"
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Track: \"},"
                + "{\"type\":\"text\",\"text\":\"https://t.example.com/x\",\"marks\":[{\"type\":\"link\","
                + "\"attrs\":{\"href\":\"https://t.example.com/x\"}}]},{\"type\":\"text\",\"text\":\".\"}]}]}");
  }

  @Test
  void adf_roundTrip_keepsText() {
    String text = "Line one\nline two\n\nSecond paragraph with https://example.com/a?b=1";

    assertThat(AdfText.toPlain(AdfText.fromPlain(text))).isEqualTo(text);
  }

  @Test
  void adfToPlain_stringBody_returnedAsIs() throws Exception {
    assertThat(AdfText.toPlain(json.readTree("\"plain old string\"")))
        .isEqualTo("plain old string");
  }

  @Test
  void wikiToPlain_stripsMarkupKeepsLinks() {
    String wiki =
        "h2. Status\n*Bold* and _italic_ text, {{mono}}.\n* first\n* second\n"
            + "bq. quoted\n{code:java}int x = 1;{code}\n[receipt|https://shop.example.com/r/1] "
            + "[~accountid:5b10ac] [https://bare.example.com]";

    assertThat(WikiMarkup.toPlain(wiki))
        .isEqualTo(
            "Status\nBold and italic text, mono.\n- first\n- second\nquoted\nint x = 1;\n"
                + "receipt (https://shop.example.com/r/1) @5b10ac https://bare.example.com");
  }

  @Test
  void wikiFromPlain_escapesMarkupCharacters_andRoundTrips() {
    String text = "Price *not* final: [draft] {maybe} a_b_c - 2+2";

    String wiki = WikiMarkup.fromPlain(text);

    assertThat(wiki)
        .isEqualTo("Price \\*not\\* final: \\[draft\\] \\{maybe\\} a\\_b\\_c \\- 2\\+2");
    assertThat(WikiMarkup.toPlain(wiki)).isEqualTo(text);
  }

  @Test
  void wikiToPlain_identifiersWithUnderscoresUntouched() {
    assertThat(WikiMarkup.toPlain("order_id is ORD_123_A")).isEqualTo("order_id is ORD_123_A");
  }
}
