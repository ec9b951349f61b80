package org.voxtile.network.weights;

import java.util.Map;

/**
 * The floating-point element types voxtile reads from a {@code .safetensors} file, with their
 * on-disk label and width. Every one is widened or rounded to float32 on reading: F16 and BF16
 * exactly (every half and bfloat16 value is a float32 value), F64 rounded to nearest.
 */
public enum Dtype {
  F64("F64", 8),
  F32("F32", 4),
  F16("F16", 2),
  BF16("BF16", 2);

  /**
   * Widths of the safetensors dtypes voxtile does not compute with, so that the layout of a
   * file holding them can still be checked (PyTorch's int64 {@code num_batches_tracked}).
   */
  static final Map<String, Integer> OTHER_WIDTHS = Map.ofEntries(
      Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
      Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1),
      Map.entry("I16", 2), Map.entry("U16", 2),
      Map.entry("I32", 4), Map.entry("U32", 4),
      Map.entry("I64", 8), Map.entry("U64", 8));

  private final String label;
  private final int size;

  Dtype(String label, int size) {
    this.label = label;
    this.size = size;
  }

  /** The label in a safetensors header, e.g. {@code "BF16"}. */
  public String label() {
    return label;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The float dtype with this header label, or null when the label names another or no dtype. */
  static Dtype fromLabel(String label) {
    for (Dtype dtype : values()) {
      if (dtype.label.equals(label)) {
        return dtype;
      }
    }
    return null;
  }

  /**
   * Exact IEEE half (binary16) to float32: subnormals become normal floats, infinities and NaN
   * payloads carry over.
   */
  public static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // mantissa * 2^-24: both factors and the product are exact in float32
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    // rebias the exponent from 15 to 127
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** Exact bfloat16 to float32: bfloat16 is the upper half of a float32. */
  static float bfloat16ToFloat(short bfloat16) {
    return Float.intBitsToFloat((bfloat16 & 0xffff) << 16);
  }
}
