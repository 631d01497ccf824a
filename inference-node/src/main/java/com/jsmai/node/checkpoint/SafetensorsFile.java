package com.jsmai.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of one {@code .safetensors} file: an unsigned 64-bit little-endian header length N,
 * then N bytes of JSON {@code {name: {dtype, shape, data_offsets: [begin, end]}}}; offsets are
 * relative to {@code 8 + N} and parsed as {@code long}, so shards past 2 GiB work (DJL's own
 * decoder uses {@code int} and fails there). Tensor data is not read here; see {@link
 * Checkpoint#read}.
 */
public final class SafetensorsFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L * 1024 * 1024;

  private final Path file;
  private final Map<String, TensorInfo> tensors;

  private SafetensorsFile(Path file, Map<String, TensorInfo> tensors) {
    this.file = file;
    this.tensors = tensors;
  }

  public Path file() {
    return file;
  }

  /** Tensors in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** Reads and validates the header; every tensor's byte range must lie inside the file. */
  public static SafetensorsFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CheckpointException.inFile(file, "weights file not found");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw CheckpointException.inFile(file, "truncated: " + size + " bytes, no header");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw CheckpointException.inFile(
            file, "bad header length " + headerLen + " for a file of " + size + " bytes");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = JSON.readTree(header.array());
      } catch (IOException e) {
        throw CheckpointException.inFile(file, "header is not valid JSON: " + e.getMessage());
      }
      long dataStart = 8 + headerLen;
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        if (name.equals("__metadata__")) {
          continue;
        }
        tensors.put(name, parseEntry(file, name, e.getValue(), dataStart, size));
      }
      return new SafetensorsFile(file, tensors);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static TensorInfo parseEntry(
      Path file, String name, JsonNode node, long dataStart, long fileSize) {
    String dtypeName = node.path("dtype").asText();
    DType dtype = DType.fromSafetensors(dtypeName);
    if (dtype == null) {
      throw CheckpointException.inTensor(
          file, name, "unsupported dtype '" + dtypeName + "' (supported: F32, F16, BF16)");
    }
    JsonNode shapeNode = node.path("shape");
    JsonNode offsets = node.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw CheckpointException.inTensor(file, name, "header entry lacks shape or data_offsets");
    }
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      if (shape[i] < 0) {
        throw CheckpointException.inTensor(file, name, "negative dimension " + shape[i]);
      }
      count *= shape[i];
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw CheckpointException.inTensor(
          file, name, "bad data_offsets [" + begin + ", " + end + "]");
    }
    if (end - begin != count * dtype.bytes()) {
      throw CheckpointException.inTensor(
          file,
          name,
          "data_offsets cover "
              + (end - begin)
              + " bytes but shape and dtype need "
              + count * dtype.bytes());
    }
    if (dataStart + end > fileSize) {
      throw CheckpointException.inTensor(
          file,
          name,
          "file is truncated: tensor ends at byte "
              + (dataStart + end)
              + " but the file has "
              + fileSize
              + " bytes");
    }
    return new TensorInfo(name, file, dtype, shape, dataStart + begin, end - begin);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }
}
