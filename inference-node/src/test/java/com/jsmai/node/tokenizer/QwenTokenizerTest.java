package com.jsmai.node.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.node.checkpoint.RandomCheckpointWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QwenTokenizerTest {
  private static QwenTokenizer tokenizer;

  @BeforeAll
  static void load() {
    Path dir = RandomCheckpointWriter.findTokenizerDir(null);
    tokenizer = QwenTokenizer.load(dir);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void encode_chatMarkup_specialTokensBecomeTheirIds() {
    int[] ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>\n<tool_call>");

    assertThat(ids[0]).isEqualTo(151644);
    assertThat(ids).contains(151645, 151657);
    assertThat(ids[ids.length - 1]).isEqualTo(151657);
  }

  @Test
  void decode_skipSpecial_dropsSpecialButKeepsToolCallTags() {
    int[] ids = tokenizer.encode("<|im_start|>assistant\n<tool_call>x</tool_call><|im_end|>");

    assertThat(tokenizer.decode(ids, true)).isEqualTo("assistant\n<tool_call>x</tool_call>");
    assertThat(tokenizer.decode(ids, false))
        .isEqualTo("<|im_start|>assistant\n<tool_call>x</tool_call><|im_end|>");
  }

  @Test
  void encode_longText_isNotTruncated() {
    String text = "word ".repeat(2000);

    int[] ids = tokenizer.encode(text);

    assertThat(ids.length).isGreaterThan(1000);
    assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
  }

  @Test
  void tokenBytes_concatenated_equalUtf8OfText() {
    String text = "Héllo wörld, 你好! Where is order #123?\n\ttabs";
    int[] ids = tokenizer.encode(text);
    ByteArrayOutputStream all = new ByteArrayOutputStream();

    for (int id : ids) {
      all.writeBytes(tokenizer.tokenBytes(id));
    }

    assertThat(all.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tokenBytes_byteLevelSpace_isAsciiSpace() {
    int id = tokenizer.encode(" the")[0];

    assertThat(tokenizer.tokenText(id)).isEqualTo("Ġthe");
    assertThat(tokenizer.tokenBytes(id)).isEqualTo(" the".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void vocabSizeAndEos_realQwenTokenizer_matchPublishedIds() {
    assertThat(tokenizer.vocabSize()).isEqualTo(151669);
    assertThat(tokenizer.eosTokenIds()).containsExactly(151645);
    assertThat(tokenizer.specialTokenIds()).containsEntry("<|endoftext|>", 151643);
    assertThat(tokenizer.addedTokenId("<tool_call>")).isEqualTo(151657);
    assertThat(tokenizer.isSpecial(151657)).isFalse();
    assertThat(tokenizer.isSpecial(151645)).isTrue();
  }

  @Test
  void tokenBytes_idPastVocabulary_isRejected() {
    assertThatThrownBy(() -> tokenizer.tokenBytes(151669))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("151669");
  }
}
