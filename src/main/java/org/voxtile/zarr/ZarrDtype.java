package org.voxtile.zarr;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Zarr v2 {@code dtype}: numpy's type string, e.g. {@code "<f4"} (little-endian float32) or
 * {@code "|u1"} (uint8). Integers and floats of numpy's usual sizes, either byte order, are
 * decoded to float32 as the NIfTI reader decodes them (int32, uint32 and float64 values round to
 * the nearest float). Complex, boolean, string and structured dtypes are not volumes and are refused.
 *
 * @param kind {@code 'u'}, {@code 'i'} or {@code 'f'}
 * @param bytes bytes per value
 * @param littleEndian the byte order (meaningless, and {@code '|'} in the label, for one byte)
 */
public record ZarrDtype(char kind, int bytes, boolean littleEndian) implements Serializable {
  public static final ZarrDtype FLOAT32 = new ZarrDtype('f', 4, true);
  public static final ZarrDtype UINT8 = new ZarrDtype('u', 1, true);

  private static final Pattern LABEL = Pattern.compile("([<>|])([uif])([1248])");

  public ZarrDtype {
    boolean known = switch (kind) {
      case 'u', 'i' -> bytes == 1 || bytes == 2 || bytes == 4;
      case 'f' -> bytes == 4 || bytes == 8;
      default -> false;
    };
    if (!known) {
      throw new IllegalArgumentException("no dtype " + kind + bytes);
    }
    littleEndian = littleEndian || bytes == 1;
  }

  /**
   * The dtype of a {@code .zarray}'s {@code dtype} value.
   *
   * @throws IllegalArgumentException naming the value when it is not a supported numeric dtype
   */
  public static ZarrDtype parse(String label) {
    Matcher m = LABEL.matcher(label);
    if (!m.matches() || label.equals("|i8") || label.equals("|u8")) {
      throw new IllegalArgumentException("dtype \"" + label + "\" is not supported (supported: |u1 |i1 <u2 <i2 <u4 <i4"
          + " <f4 <f8, also big-endian >)");
    }
    int bytes = m.group(3).charAt(0) - '0';
    try {
      return new ZarrDtype(m.group(2).charAt(0), bytes, !m.group(1).equals(">"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dtype \"" + label + "\" is not supported (supported: |u1 |i1 <u2 <i2 <u4"
          + " <i4 <f4 <f8, also big-endian >)");
    }
  }

  /** The dtype of an output written as {@code numpyName} ({@code float32}, {@code uint8}, ...), little-endian. */
  public static ZarrDtype ofNumpyName(String numpyName) {
    return switch (numpyName) {
      case "float32" -> FLOAT32;
      case "float64" -> new ZarrDtype('f', 8, true);
      case "uint8" -> UINT8;
      case "int8" -> new ZarrDtype('i', 1, true);
      case "uint16" -> new ZarrDtype('u', 2, true);
      case "int16" -> new ZarrDtype('i', 2, true);
      case "uint32" -> new ZarrDtype('u', 4, true);
      case "int32" -> new ZarrDtype('i', 4, true);
      default -> throw new IllegalArgumentException("no Zarr dtype for " + numpyName);
    };
  }

  /** numpy's type string: {@code "<f4"}, {@code "|u1"}. */
  public String label() {
    return (bytes == 1 ? "|" : littleEndian ? "<" : ">") + kind + bytes;
  }

  private ByteOrder order() {
    return littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  /** {@code values} encoded, {@link #bytes} each; integer dtypes take whole, in-range values (the caller checks). */
  public byte[] encode(float[] values) {
    ByteBuffer out = ByteBuffer.allocate(values.length * bytes).order(order());
    switch (kind * 16 + bytes) {
      case 'f' * 16 + 4 -> out.asFloatBuffer().put(values);
      case 'f' * 16 + 8 -> {
        for (float v : values) {
          out.putDouble(v);
        }
      }
      default -> {
        for (float v : values) {
          long w = (long) v;
          switch (bytes) {
            case 1 -> out.put((byte) w);
            case 2 -> out.putShort((short) w);
            default -> out.putInt((int) w);
          }
        }
      }
    }
    return out.array();
  }

  /** {@code count} values of {@code data} as float32, into {@code out} from 0. */
  public void decode(byte[] data, int count, float[] out) {
    ByteBuffer in = ByteBuffer.wrap(data).order(order());
    switch (kind * 16 + bytes) {
      case 'f' * 16 + 4 -> in.asFloatBuffer().get(out, 0, count);
      case 'f' * 16 + 8 -> {
        for (int i = 0; i < count; i++) {
          out[i] = (float) in.getDouble();
        }
      }
      case 'u' * 16 + 1 -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.get() & 0xff;
        }
      }
      case 'i' * 16 + 1 -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.get();
        }
      }
      case 'u' * 16 + 2 -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.getShort() & 0xffff;
        }
      }
      case 'i' * 16 + 2 -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.getShort();
        }
      }
      case 'u' * 16 + 4 -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.getInt() & 0xffffffffL;
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          out[i] = in.getInt();
        }
      }
    }
  }
}
