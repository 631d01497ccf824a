package com.jsmai.node.model;

import com.jsmai.node.checkpoint.Architecture;
import com.jsmai.node.checkpoint.DType;
import com.jsmai.node.checkpoint.RandomCheckpointWriter;
import com.jsmai.node.checkpoint.RandomCheckpointWriter.Preset;
import com.jsmai.node.checkpoint.RandomCheckpointWriter.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Tiny random checkpoints generated once per test JVM under {@code target/test-models}. */
public final class TestModels {
  private static final ConcurrentMap<String, Path> MADE = new ConcurrentHashMap<>();

  private TestModels() {}

  /** A tiny checkpoint of the given kind (seed 42 unless stated). */
  public static Path tiny(Architecture arch, DType dtype, int shards) {
    return tiny(arch, dtype, shards, 42);
  }

  public static synchronized Path tiny(Architecture arch, DType dtype, int shards, long seed) {
    String name =
        (arch.name() + "-" + dtype.name() + "-" + shards + "-" + seed).toLowerCase(Locale.ROOT);
    return MADE.computeIfAbsent(
        name,
        n -> {
          Path dir = Path.of("target", "test-models", n).toAbsolutePath();
          try {
            RandomCheckpointWriter.write(
                new Spec(arch, dtype, shards, Preset.TINY, seed),
                dir,
                RandomCheckpointWriter.findTokenizerDir(null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return dir;
        });
  }

  /** A copy of a checkpoint directory for tests that damage it. */
  public static Path copy(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (var files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }
}
