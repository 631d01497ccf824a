package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An HF checkpoint directory: {@code config.json}, optional {@code generation_config.json}, and
 * weights in {@code model.safetensors} or shards listed by {@code model.safetensors.index.json}.
 *
 * <p>Tensor data is memory-mapped on demand ({@link #read}); F32 comes back as the mapping itself
 * (zero copy, read-only), BF16 and F16 are widened to FP32 in Java into a fresh direct buffer (BF16
 * inside the PyTorch engine aborts the JVM). The tokenizer files are not read here.
 *
 * <p>Thread-safe after {@link #open}: it holds no open file handles.
 */
public final class Checkpoint {
  public static final String CONFIG = "config.json";
  public static final String GENERATION_CONFIG = "generation_config.json";
  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path dir;
  private final ModelConfig config;
  private final GenerationDefaults generationDefaults;
  private final Map<String, TensorInfo> tensors;
  private final Path weightsFile; // model.safetensors or the index

  private Checkpoint(
      Path dir,
      ModelConfig config,
      GenerationDefaults generationDefaults,
      Map<String, TensorInfo> tensors,
      Path weightsFile) {
    this.dir = dir;
    this.weightsFile = weightsFile;
    this.config = config;
    this.generationDefaults = generationDefaults;
    this.tensors = tensors;
  }

  /** Opens a checkpoint directory and reads every shard header; no tensor data is read. */
  public static Checkpoint open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException(dir + ": model directory not found");
    }
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw CheckpointException.inFile(configFile, "missing (is this an HF checkpoint directory?)");
    }
    ModelConfig config = ModelConfig.load(configFile);
    GenerationDefaults gen = GenerationDefaults.load(dir.resolve(GENERATION_CONFIG));
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Path index = dir.resolve(INDEX_FILE);
    Path weightsFile;
    if (Files.isRegularFile(index)) {
      weightsFile = index;
      Map<String, String> weightMap = readWeightMap(index);
      Map<String, SafetensorsFile> shards = new HashMap<>();
      for (Map.Entry<String, String> e : weightMap.entrySet()) {
        Path shardPath = dir.resolve(e.getValue()).normalize();
        if (!shardPath.startsWith(dir.normalize())) {
          throw CheckpointException.inFile(
              index, "shard path escapes the model directory: " + e.getValue());
        }
        SafetensorsFile shard =
            shards.computeIfAbsent(e.getValue(), k -> SafetensorsFile.open(shardPath));
        TensorInfo info = shard.tensors().get(e.getKey());
        if (info == null) {
          throw CheckpointException.inTensor(
              shardPath, e.getKey(), "listed in " + INDEX_FILE + " but missing from the shard");
        }
        tensors.put(e.getKey(), info);
      }
    } else if (Files.isRegularFile(dir.resolve(SINGLE_FILE))) {
      weightsFile = dir.resolve(SINGLE_FILE);
      tensors.putAll(SafetensorsFile.open(dir.resolve(SINGLE_FILE)).tensors());
    } else {
      throw new CheckpointException(
          dir + ": no weights: neither " + SINGLE_FILE + " nor " + INDEX_FILE + " found");
    }
    return new Checkpoint(dir, config, gen, Collections.unmodifiableMap(tensors), weightsFile);
  }

  private static Map<String, String> readWeightMap(Path index) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(index));
    } catch (IOException e) {
      throw new CheckpointException(index + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode map = root.path("weight_map");
    if (!map.isObject() || map.isEmpty()) {
      throw CheckpointException.inFile(index, "no weight_map object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  public Path dir() {
    return dir;
  }

  public ModelConfig config() {
    return config;
  }

  public GenerationDefaults generationDefaults() {
    return generationDefaults;
  }

  public Set<String> tensorNames() {
    return tensors.keySet();
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The tensor's location; a clear error when absent. */
  public TensorInfo tensor(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw CheckpointException.inFile(weightsFile, "missing tensor '" + name + "'");
    }
    return info;
  }

  /** Checks the tensor's shape; the error names the file, tensor, expected and found shapes. */
  public TensorInfo tensor(String name, long... expectedShape) {
    TensorInfo info = tensor(name);
    if (!Arrays.equals(info.shape(), expectedShape)) {
      throw CheckpointException.inTensor(
          info.file(),
          name,
          "shape "
              + Arrays.toString(info.shape())
              + " does not match the config, which needs "
              + Arrays.toString(expectedShape));
    }
    return info;
  }

  /**
   * The tensor as FP32 little-endian bytes in a direct buffer (position 0, limit = 4 × elements).
   * For F32 on disk this is the read-only mapping itself: never write to it.
   */
  public ByteBuffer read(String name, long... expectedShape) {
    TensorInfo info = tensor(name, expectedShape);
    long outBytes = info.elementCount() * 4;
    if (info.byteLength() > Integer.MAX_VALUE || outBytes > Integer.MAX_VALUE) {
      throw CheckpointException.inTensor(
          info.file(), name, "too large for one FP32 buffer (" + outBytes + " bytes > 2 GiB)");
    }
    MappedByteBuffer mapped = map(info);
    switch (info.dtype()) {
      case F32:
        return mapped;
      case BF16:
        {
          ShortBuffer src = mapped.asShortBuffer();
          ByteBuffer out = ByteBuffer.allocateDirect((int) outBytes).order(ByteOrder.LITTLE_ENDIAN);
          FloatBuffer dst = out.asFloatBuffer();
          int n = src.remaining();
          for (int i = 0; i < n; i++) {
            dst.put(i, DType.bf16ToFloat(src.get(i)));
          }
          return out;
        }
      case F16:
        {
          ShortBuffer src = mapped.asShortBuffer();
          ByteBuffer out = ByteBuffer.allocateDirect((int) outBytes).order(ByteOrder.LITTLE_ENDIAN);
          FloatBuffer dst = out.asFloatBuffer();
          int n = src.remaining();
          for (int i = 0; i < n; i++) {
            dst.put(i, halfToFloat(src.get(i)));
          }
          return out;
        }
      default:
        throw new IllegalStateException("unreachable: " + info.dtype());
    }
  }

  /** The tensor as a Java FP32 array (for tests and the reference implementation). */
  public float[] readFloats(String name, long... expectedShape) {
    FloatBuffer fb = read(name, expectedShape).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  private static MappedByteBuffer map(TensorInfo info) {
    try (FileChannel ch = FileChannel.open(info.file(), StandardOpenOption.READ)) {
      if (info.offset() + info.byteLength() > ch.size()) {
        throw CheckpointException.inTensor(
            info.file(), info.name(), "file is truncated (it shrank after the header was read)");
      }
      MappedByteBuffer buf =
          ch.map(FileChannel.MapMode.READ_ONLY, info.offset(), info.byteLength());
      buf.order(ByteOrder.LITTLE_ENDIAN);
      return buf;
    } catch (IOException e) {
      throw new CheckpointException(
          info.file() + ": tensor '" + info.name() + "': cannot map: " + e.getMessage(), e);
    }
  }

  /**
   * Unmaps a buffer returned by {@link #read} now instead of at the next garbage collection (a
   * mapping of a multi-GB checkpoint otherwise stays resident). The caller guarantees that nothing
   * uses the buffer any more, including native tensors created over it: access after release
   * crashes the JVM. Falls back to doing nothing if the JDK refuses.
   */
  public static void release(ByteBuffer buffer) {
    if (buffer == null || !buffer.isDirect()) {
      return;
    }
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field f = unsafeClass.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object unsafe = f.get(null);
      unsafeClass.getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not releasable here (for example a slice): the garbage collector will unmap it.
    }
  }

  /** IEEE 754 half to float (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant / 1024f / 16384f; // 2^-14 subnormal scale
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
