package org.voxtile.network.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * The voxel type an output volume is written in ({@code outputs: [probs, {node: labels, datatype:
 * uint8}]}). Float32 keeps every value; the integer types are for label maps and are written
 * unscaled, so a viewer or nibabel sees the labels themselves, not a rescaled range: each voxel
 * must then hold a whole number the type can store. The labels are NIfTI's (and numpy's) names.
 */
public enum OutputDatatype {
  FLOAT32("float32", 4, -Float.MAX_VALUE, Float.MAX_VALUE),
  UINT8("uint8", 1, 0, 255),
  INT8("int8", 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
  INT16("int16", 2, Short.MIN_VALUE, Short.MAX_VALUE),
  UINT16("uint16", 2, 0, 65535),
  INT32("int32", 4, Integer.MIN_VALUE, Integer.MAX_VALUE);

  private final String label;
  private final int bytes;
  private final double min;
  private final double max;

  OutputDatatype(String label, int bytes, double min, double max) {
    this.label = label;
    this.bytes = bytes;
    this.min = min;
    this.max = max;
  }

  /** Bytes per voxel in the file. */
  public int bytes() {
    return bytes;
  }

  /** The name in a pipeline file, which is also the NIfTI datatype's name. */
  public String label() {
    return label;
  }

  public boolean isInteger() {
    return this != FLOAT32;
  }

  /**
   * Whether the file can hold {@code value} exactly: any float for float32 (NaN and infinities
   * included, as today's outputs); for an integer type, a whole number within its range.
   */
  public boolean holdsExactly(float value) {
    return !isInteger() || (value == Math.rint(value) && value >= min && value <= max);
  }

  /** {@code "whole numbers from 0 to 255"}: what the type holds, for messages. */
  public String range() {
    return isInteger() ? "whole numbers from " + (long) min + " to " + (long) max : "any float32";
  }

  /** The type with this label, or null. */
  static OutputDatatype fromLabel(String label) {
    for (OutputDatatype type : values()) {
      if (type.label.equals(label)) {
        return type;
      }
    }
    return null;
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(OutputDatatype::label).toList();
  }
}
