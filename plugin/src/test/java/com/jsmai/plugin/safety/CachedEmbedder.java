package com.jsmai.plugin.safety;

import com.jsmai.plugin.faq.Embedder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link Embedder} that remembers vectors in a file under {@code target/}, keyed by the SHA-256
 * of the text and named after the encoder ({@link Embedder#name()}), so re-running the training
 * during development does not embed thousands of texts again. Same vectors as the wrapped encoder;
 * a run without the file embeds everything from scratch. Development tool only.
 */
final class CachedEmbedder implements Embedder {
  private final Embedder delegate;
  private final Path file;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  /**
   * @param dir folder for the cache file; null for no cache (everything embedded afresh)
   */
  CachedEmbedder(Embedder delegate, Path dir) {
    this.delegate = delegate;
    this.file = dir == null ? null : dir.resolve(delegate.name() + ".vectors");
    if (file != null && Files.isRegularFile(file)) load();
  }

  /** {@code plugin/target/learned-cache} of the repository (run from its root or from plugin/). */
  static Path defaultDir() {
    Path root = Path.of(System.getProperty("jsmai.repo.root", ".")).toAbsolutePath().normalize();
    Path plugin = root.resolve("plugin");
    return (Files.isDirectory(plugin) ? plugin : root).resolve("target/learned-cache");
  }

  int size() {
    return vectors.size();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    java.util.LinkedHashSet<String> unseen = new java.util.LinkedHashSet<>();
    for (String t : texts) if (!vectors.containsKey(key(t))) unseen.add(t);
    List<String> missing = new ArrayList<>(unseen);
    for (int from = 0; from < missing.size(); from += 64) {
      List<String> batch = missing.subList(from, Math.min(missing.size(), from + 64));
      List<float[]> vs = delegate.embedAll(batch);
      for (int i = 0; i < batch.size(); i++) vectors.put(key(batch.get(i)), vs.get(i));
      append(batch, vs);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(vectors.get(key(t)).clone());
    return out;
  }

  private synchronized void append(List<String> texts, List<float[]> vs) {
    if (file == null) return;
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(
                  Files.newOutputStream(
                      file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
        for (int i = 0; i < texts.size(); i++) {
          out.writeUTF(key(texts.get(i)));
          float[] v = vs.get(i);
          out.writeInt(v.length);
          for (float x : v) out.writeFloat(x);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void load() {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      while (true) {
        String k;
        try {
          k = in.readUTF();
        } catch (EOFException end) {
          return;
        }
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        vectors.put(k, v);
      }
    } catch (EOFException truncated) {
      // A run killed mid-write leaves a partial last record: keep what was complete and rewrite
      // the file without it, so later appends stay readable.
      rewrite();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rewrite() {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, float[]> copy = Map.copyOf(vectors);
    vectors.clear();
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        for (Map.Entry<String, float[]> e : copy.entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue().length);
          for (float x : e.getValue()) out.writeFloat(x);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    vectors.putAll(copy);
  }

  private static String key(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
