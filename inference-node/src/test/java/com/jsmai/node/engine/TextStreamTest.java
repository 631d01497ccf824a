package com.jsmai.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.model.TestModels;
import com.jsmai.node.tokenizer.QwenTokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextStreamTest {
  private static QwenTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = QwenTokenizer.load(TestModels.tiny(Architecture.QWEN2, DType.F32, 1));
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static String streamAll(TextStream s, int[] ids, StringBuilder deltas) {
    for (int id : ids) {
      deltas.append(s.push(id));
      if (s.stopped()) {
        break;
      }
    }
    deltas.append(s.finish());
    return s.text();
  }

  @Test
  void push_multiByteCharactersSplitAcrossTokens_equalsWholeDecode() {
    String text = "Grüße 你好 🙂 <tool_call> done";
    int[] ids = tokenizer.encode(text);
    StringBuilder deltas = new StringBuilder();

    String out = streamAll(new TextStream(tokenizer, List.of()), ids, deltas);

    assertThat(out).isEqualTo(tokenizer.decode(ids, true)).isEqualTo(text);
    assertThat(deltas.toString()).isEqualTo(text);
  }

  @Test
  void push_stopString_textEndsBeforeItAndPartialMatchIsHeldBack() {
    int[] ids = tokenizer.encode("alpha beta END gamma");
    TextStream s = new TextStream(tokenizer, List.of("END"));
    StringBuilder deltas = new StringBuilder();

    String out = streamAll(s, ids, deltas);

    assertThat(s.stopped()).isTrue();
    assertThat(out).isEqualTo("alpha beta ");
    assertThat(deltas.toString()).isEqualTo("alpha beta ");
  }

  @Test
  void push_specialTokens_skipped() {
    int imEnd = tokenizer.specialTokenIds().get("<|im_end|>");
    int[] hi = tokenizer.encode("hi");
    TextStream s = new TextStream(tokenizer, List.of());

    s.push(hi[0]);
    s.push(imEnd);
    s.finish();

    assertThat(s.text()).isEqualTo("hi");
  }
}
