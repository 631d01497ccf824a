package com.jsmai.node.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointErrorsTest {
  @TempDir Path temp;

  private Path damagedCopy() throws IOException {
    return TestModels.copy(TestModels.tiny(Architecture.QWEN2, DType.BF16, 1), temp.resolve("m"));
  }

  private static void writeTensors(Path file, List<SafetensorsWriter.Entry> entries)
      throws IOException {
    SafetensorsWriter.write(file, entries);
  }

  @Test
  void load_truncatedFile_namesFileAndTensor() throws IOException {
    Path dir = damagedCopy();
    Path weights = dir.resolve("model.safetensors");
    try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 1000);
    }

    assertThatThrownBy(() -> QwenModel.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("truncated")
        .hasMessageContaining("lm_head.weight"); // the last tensor in the file
  }

  @Test
  void load_missingTensor_namesTensor() throws IOException {
    Path dir = damagedCopy();
    Checkpoint original = Checkpoint.open(dir);
    rewriteWithout(original, dir, "model.layers.1.mlp.up_proj.weight", null);

    assertThatThrownBy(() -> QwenModel.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("missing tensor 'model.layers.1.mlp.up_proj.weight'");
  }

  @Test
  void load_wrongShape_namesTensorAndBothShapes() throws IOException {
    Path dir = damagedCopy();
    Checkpoint original = Checkpoint.open(dir);
    rewriteWithout(
        original,
        dir,
        "model.layers.0.self_attn.k_proj.weight",
        new SafetensorsWriter.Entry(
            "model.layers.0.self_attn.k_proj.weight",
            DType.F32,
            new long[] {16, 64},
            (s, c, n) -> java.util.Arrays.fill(c, 0, n, 0.1f)));

    assertThatThrownBy(() -> QwenModel.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.layers.0.self_attn.k_proj.weight")
        .hasMessageContaining("[16, 64]")
        .hasMessageContaining("[32, 64]");
  }

  @Test
  void load_unsupportedArchitecture_namesConfigFile() throws IOException {
    Path dir = damagedCopy();
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, Files.readString(config).replace("Qwen2ForCausalLM", "GPT2LMHeadModel"));

    assertThatThrownBy(() -> QwenModel.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("GPT2LMHeadModel");
  }

  @Test
  void load_shardListedInIndexMissing_namesShard() throws IOException {
    Path dir =
        TestModels.copy(TestModels.tiny(Architecture.QWEN3, DType.BF16, 3), temp.resolve("s"));
    Files.delete(dir.resolve("model-00002-of-00003.safetensors"));

    assertThatThrownBy(() -> QwenModel.load(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model-00002-of-00003.safetensors")
        .hasMessageContaining("not found");
  }

  @Test
  void open_headerLengthBeyondFile_clearError() throws IOException {
    Path dir = damagedCopy();
    try (FileChannel ch =
        FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40), 0);
    }

    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("bad header length");
  }

  @Test
  void open_noWeights_saysWhatWasExpected() throws IOException {
    Path dir = damagedCopy();
    Files.delete(dir.resolve("model.safetensors"));

    assertThatThrownBy(() -> Checkpoint.open(dir))
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("model.safetensors.index.json");
  }

  @Test
  void read_bf16_widenedExactly() throws IOException {
    Path file = temp.resolve("x.safetensors");
    float[] values = {1.0f, -2.5f, 3.140625f, 1e-3f, -65504f};
    writeTensors(
        file,
        List.of(
            new SafetensorsWriter.Entry(
                "t",
                DType.BF16,
                new long[] {5},
                (s, c, n) -> System.arraycopy(values, 0, c, 0, n))));
    SafetensorsFile sf = SafetensorsFile.open(file);

    assertThat(sf.tensors().get("t").dtype()).isEqualTo(DType.BF16);
    // Read back through a checkpoint-less path: map and widen by hand.
    ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long off = sf.tensors().get("t").offset();
    for (int i = 0; i < values.length; i++) {
      float back = DType.bf16ToFloat(raw.getShort((int) off + 2 * i));
      assertThat(back).isEqualTo(DType.roundToBf16(values[i]));
    }
  }

  @Test
  void halfToFloat_knownValues() {
    assertThat(Checkpoint.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(Checkpoint.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(Checkpoint.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(Checkpoint.halfToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24));
    assertThat(Checkpoint.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  /** Rewrites model.safetensors from the original, dropping or replacing one tensor. */
  private static void rewriteWithout(
      Checkpoint original, Path dir, String name, SafetensorsWriter.Entry replacement)
      throws IOException {
    List<SafetensorsWriter.Entry> entries = new java.util.ArrayList<>();
    for (String t : original.tensorNames()) {
      if (t.equals(name)) {
        if (replacement != null) {
          entries.add(replacement);
        }
        continue;
      }
      TensorInfo info = original.tensor(t);
      float[] data = original.readFloats(t, info.shape());
      entries.add(
          new SafetensorsWriter.Entry(
              t, DType.F32, info.shape(), (s, c, n) -> System.arraycopy(data, (int) s, c, 0, n)));
    }
    Path tmp = dir.resolve("rewritten.tmp");
    SafetensorsWriter.write(tmp, entries);
    Files.move(
        tmp, dir.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
