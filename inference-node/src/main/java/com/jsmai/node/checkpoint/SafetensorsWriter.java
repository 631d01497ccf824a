package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a {@code .safetensors} file, streaming each tensor in chunks so multi-GB checkpoints need
 * little heap. Values are supplied as FP32 by a {@link Filler} and stored as the tensor's dtype
 * (BF16 with round-to-nearest-even).
 */
public final class SafetensorsWriter {
  private static final int CHUNK = 1 << 20;

  /** Produces the FP32 values of a tensor, element {@code start} onward, {@code n} at a time. */
  @FunctionalInterface
  public interface Filler {
    void fill(long start, float[] chunk, int n);
  }

  /** One tensor to write. */
  public record Entry(String name, DType dtype, long[] shape, Filler filler) {
    public Entry {
      shape = shape.clone();
    }

    long elementCount() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private SafetensorsWriter() {}

  /** Writes all entries to {@code file}; returns the number of tensor data bytes written. */
  public static long write(Path file, List<Entry> entries) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Entry e : entries) {
      long bytes = e.elementCount() * e.dtype().bytes();
      ObjectNode t = header.putObject(e.name());
      t.put("dtype", e.dtype().safetensorsName());
      var shape = t.putArray("shape");
      for (long d : e.shape()) {
        shape.add(d);
      }
      var offs = t.putArray("data_offsets");
      offs.add(offset);
      offs.add(offset + bytes);
      offset += bytes;
    }
    header.putObject("__metadata__").put("format", "pt");
    byte[] headerBytes = json.writeValueAsBytes(header);
    int padded = (headerBytes.length + 7) / 8 * 8; // the format pads the header with spaces
    try (FileChannel ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(ch)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      byte[] h = new byte[padded];
      java.util.Arrays.fill(h, (byte) ' ');
      System.arraycopy(headerBytes, 0, h, 0, headerBytes.length);
      out.write(h);
      float[] chunk = new float[CHUNK];
      ByteBuffer bytes = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : entries) {
        long total = e.elementCount();
        for (long start = 0; start < total; start += CHUNK) {
          int n = (int) Math.min(CHUNK, total - start);
          e.filler().fill(start, chunk, n);
          bytes.clear();
          switch (e.dtype()) {
            case F32 -> {
              for (int i = 0; i < n; i++) {
                bytes.putFloat(chunk[i]);
              }
            }
            case BF16 -> {
              for (int i = 0; i < n; i++) {
                bytes.putShort(DType.floatToBf16(chunk[i]));
              }
            }
            case F16 ->
                throw new IllegalArgumentException(
                    e.name() + ": writing F16 is not supported by this writer");
          }
          out.write(bytes.array(), 0, bytes.position());
        }
      }
    }
    return offset;
  }
}
