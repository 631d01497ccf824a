package com.jsmai.node.checkpoint;

import java.util.Locale;

/** The safetensors element types this node reads; everything is widened to FP32 in Java. */
public enum DType {
  F32(4),
  F16(2),
  BF16(2);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element on disk. */
  public int bytes() {
    return bytes;
  }

  /** The safetensors header spelling: {@code F32}, {@code F16}, {@code BF16}. */
  public String safetensorsName() {
    return name();
  }

  /** Parses a safetensors dtype string; null when the type is not supported here. */
  static DType fromSafetensors(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** Parses a command-line or config spelling ({@code f32}, {@code float32}, {@code bfloat16}). */
  public static DType parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "f32":
      case "float32":
      case "fp32":
        return F32;
      case "f16":
      case "float16":
      case "fp16":
        return F16;
      case "bf16":
      case "bfloat16":
        return BF16;
      default:
        throw new IllegalArgumentException(
            "unsupported dtype '" + text + "' (expected f32, f16 or bf16)");
    }
  }

  /** Exact BF16 to FP32: the BF16 bits are the high half of the FP32 bits. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** FP32 to BF16 with round-to-nearest-even (as torch does); NaN stays NaN. */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** Rounds an FP32 value to the nearest BF16-representable FP32 value. */
  public static float roundToBf16(float value) {
    return bf16ToFloat(floatToBf16(value));
  }
}
