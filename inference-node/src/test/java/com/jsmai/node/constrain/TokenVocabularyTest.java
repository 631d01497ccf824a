package com.jsmai.node.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenVocabularyTest {

  @Test
  void fromTokenizerJson_qwen_bytesSpecialsAndPadding() throws IOException {
    TokenVocabulary v = Vocabularies.qwen();
    assertThat(v.size()).isEqualTo(151_936);
    assertThat(v.addedTokenId("<tool_call>")).hasValue(151_657);
    assertThat(v.addedTokenId("</tool_call>")).hasValue(151_658);
    assertThat(v.endTokenIds()).containsExactly(151_643, 151_645);
    assertThat(v.bytes(151_657)).isNull(); // added tokens never appear as bytes inside JSON
    assertThat(v.bytes(151_935)).isNull(); // padding row
    assertThat(v.bytes(0)).containsExactly('!');
    int withSpace = 0;
    int splitsUtf8 = 0;
    for (int id = 0; id < 151_643; id++) {
      byte[] b = v.bytes(id);
      assertThat(b).as("id " + id).isNotNull();
      withSpace += b[0] == ' ' ? 1 : 0;
      splitsUtf8 += TokenTrie.plainStringContent(b) || b[b.length - 1] >= 0 ? 0 : 1;
    }
    assertThat(withSpace).as("tokens starting with a space (Ġ)").isGreaterThan(10_000);
    assertThat(splitsUtf8).as("tokens that cut a UTF-8 character").isGreaterThan(100);
  }

  @Test
  void trie_greedyTokenization_usesLongestMatches() {
    TokenVocabulary v = Vocabularies.synthetic();
    TokenTrie t = v.trie();
    byte[] text = "{\"name\":true}".getBytes(StandardCharsets.UTF_8);
    // {" + name + ": + true + }
    assertThat(t.greedyTokenCount(text, text.length)).isEqualTo(5);
    assertThat(t.nodeCount).isGreaterThan(256);
  }

  @Test
  void plainStringContent_rejectsQuotesControlsAndCutCharacters() {
    assertThat(TokenTrie.plainStringContent("hello 订单".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(TokenTrie.plainStringContent("a\"".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(TokenTrie.plainStringContent("a\\".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(TokenTrie.plainStringContent("a\n".getBytes(StandardCharsets.UTF_8))).isFalse();
    byte[] ding = "订".getBytes(StandardCharsets.UTF_8);
    assertThat(TokenTrie.plainStringContent(new byte[] {ding[0], ding[1]})).isFalse();
  }
}
