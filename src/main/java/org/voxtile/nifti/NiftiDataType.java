package org.voxtile.nifti;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The NIfTI voxel datatypes voxtile reads and writes: {@code (code, bitpix, label)} as in the
 * NIfTI-1 standard and nibabel's {@code _dtdefs}. Complex, RGB and 128-bit types are recognised
 * only to be refused by name.
 *
 * <p>Values are converted through {@code double} exactly as nibabel's {@code get_fdata()} does
 * (raw value to float64, then scaled), and only then rounded once to float32.
 */
public enum NiftiDataType {
  UINT8(2, 8, "uint8"),
  INT16(4, 16, "int16"),
  INT32(8, 32, "int32"),
  FLOAT32(16, 32, "float32"),
  FLOAT64(64, 64, "float64"),
  INT8(256, 8, "int8"),
  UINT16(512, 16, "uint16"),
  UINT32(768, 32, "uint32"),
  INT64(1024, 64, "int64"),
  UINT64(1280, 64, "uint64");

  private final int code;
  private final int bitpix;
  private final String label;

  NiftiDataType(int code, int bitpix, String label) {
    this.code = code;
    this.bitpix = bitpix;
    this.label = label;
  }

  public int code() {
    return code;
  }

  public int bitpix() {
    return bitpix;
  }

  public int bytesPerVoxel() {
    return bitpix / 8;
  }

  public String label() {
    return label;
  }

  public boolean isInteger() {
    return this != FLOAT32 && this != FLOAT64;
  }

  /**
   * The type with this header code.
   *
   * @throws InvalidNiftiException naming {@code file} and the code when it is unknown or unsupported
   */
  public static NiftiDataType fromCode(int code, String file) {
    for (NiftiDataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    String known = switch (code) {
      case 1 -> " (binary)";
      case 32 -> " (complex64)";
      case 128 -> " (RGB24)";
      case 1536 -> " (float128)";
      case 1792 -> " (complex128)";
      case 2048 -> " (complex256)";
      case 2304 -> " (RGBA32)";
      default -> "";
    };
    throw new InvalidNiftiException(file, "datatype=" + code + known + " is not supported; supported: "
        + Arrays.stream(values()).map(t -> t.label + "(" + t.code + ")").collect(Collectors.joining(", ")));
  }

  /**
   * The type named {@code label} ("int16", "float32", ...).
   *
   * @throws IllegalArgumentException listing the labels when none matches
   */
  public static NiftiDataType fromLabel(String label) {
    for (NiftiDataType t : values()) {
      if (t.label.equalsIgnoreCase(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown datatype '" + label + "'; expected one of "
        + Arrays.stream(values()).map(NiftiDataType::label).collect(Collectors.joining(", ")));
  }

  /** Smallest and largest value the type holds, as doubles (rounded for the 64-bit integers). */
  public double minValue() {
    return switch (this) {
      case UINT8, UINT16, UINT32, UINT64 -> 0;
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case INT64 -> Long.MIN_VALUE;
      case FLOAT32 -> -Float.MAX_VALUE;
      case FLOAT64 -> -Double.MAX_VALUE;
    };
  }

  public double maxValue() {
    return switch (this) {
      case UINT8 -> 255;
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case UINT16 -> 65535;
      case INT32 -> Integer.MAX_VALUE;
      case UINT32 -> 4294967295.0;
      case INT64 -> Long.MAX_VALUE;
      case UINT64 -> 18446744073709551615.0;
      case FLOAT32 -> Float.MAX_VALUE;
      case FLOAT64 -> Double.MAX_VALUE;
    };
  }

  /**
   * Decodes {@code count} voxels from {@code src} (position onwards, its byte order) into
   * {@code dst[offset..]}: {@code (float) (raw * slope + inter)} in double, or {@code (float) raw}
   * when {@code scaled} is false, as nibabel's {@code get_fdata()} then a float32 cast.
   */
  public void decode(ByteBuffer src, int count, float[] dst, int offset, boolean scaled,
      double slope, double inter) {
    if (!scaled) {
      if (this == FLOAT32) {
        src.asFloatBuffer().get(dst, offset, count);
        src.position(src.position() + 4 * count);
        return;
      }
    }
    for (int i = 0; i < count; i++) {
      double raw = switch (this) {
        case UINT8 -> src.get() & 0xff;
        case INT8 -> src.get();
        case INT16 -> src.getShort();
        case UINT16 -> src.getShort() & 0xffff;
        case INT32 -> src.getInt();
        case UINT32 -> src.getInt() & 0xffffffffL;
        case INT64 -> (double) src.getLong();
        case UINT64 -> unsignedToDouble(src.getLong());
        case FLOAT32 -> src.getFloat();
        case FLOAT64 -> src.getDouble();
      };
      // nibabel multiplies only when slope != 1 and adds only when inter != 0: the same order
      // here gives the same bits, -0.0 included.
      if (scaled && slope != 1) {
        raw *= slope;
      }
      if (scaled && inter != 0) {
        raw += inter;
      }
      dst[offset + i] = (float) raw;
    }
  }

  /**
   * Encodes one stored value (already scaled, rounded and clipped by the caller for integer
   * types) at the buffer's position.
   */
  public void encode(ByteBuffer dst, double stored) {
    switch (this) {
      case UINT8, INT8 -> dst.put((byte) (long) stored);
      case INT16, UINT16 -> dst.putShort((short) (long) stored);
      case INT32, UINT32 -> dst.putInt((int) (long) stored);
      case INT64 -> dst.putLong((long) stored);
      case UINT64 -> dst.putLong(doubleToUnsigned(stored));
      case FLOAT32 -> dst.putFloat((float) stored);
      case FLOAT64 -> dst.putDouble(stored);
    }
  }

  /** The unsigned 64-bit value of {@code bits} rounded to the nearest double, as numpy does. */
  static double unsignedToDouble(long bits) {
    if (bits >= 0) {
      return bits;
    }
    // Halve keeping the sticky low bit so the one rounding to double stays correct.
    return ((double) ((bits >>> 1) | (bits & 1))) * 2.0;
  }

  static long doubleToUnsigned(double value) {
    if (value < 0x1p63) {
      return (long) value;
    }
    return ((long) (value / 2.0)) << 1;
  }
}
