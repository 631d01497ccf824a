package com.jsmai.plugin.faq;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers vectors on disk (under {@code target/}) so a benchmark re-run does not embed 13,000
 * sentences again. Keyed by the embedder's name and the exact text.
 */
final class CachingEmbedder implements Embedder {
  private final Embedder delegate;
  private final Path file;
  private final Map<String, float[]> cache = new HashMap<>();
  private boolean dirty;

  CachingEmbedder(Embedder delegate, Path dir) throws IOException {
    this.delegate = delegate;
    this.file = dir.resolve(delegate.name() + ".vectors");
    if (Files.exists(file)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          byte[] key = new byte[in.readInt()];
          in.readFully(key);
          float[] v = new float[in.readInt()];
          for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
          cache.put(new String(key, StandardCharsets.UTF_8), v);
        }
      }
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public synchronized float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  @Override
  public synchronized List<float[]> embedAll(List<String> texts) {
    List<String> missing = new ArrayList<>();
    for (String t : texts) if (!cache.containsKey(t) && !missing.contains(t)) missing.add(t);
    for (int from = 0; from < missing.size(); from += 256) {
      List<String> batch = missing.subList(from, Math.min(missing.size(), from + 256));
      List<float[]> vectors = delegate.embedAll(batch);
      for (int i = 0; i < batch.size(); i++) cache.put(batch.get(i), vectors.get(i));
      dirty = true;
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(cache.get(t));
    return out;
  }

  synchronized void save() throws IOException {
    if (!dirty) return;
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(cache.size());
      for (Map.Entry<String, float[]> e : cache.entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(e.getValue().length);
        for (float f : e.getValue()) out.writeFloat(f);
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    dirty = false;
  }
}
