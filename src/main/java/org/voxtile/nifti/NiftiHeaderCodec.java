package org.voxtile.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Header bytes to {@link NiftiHeader}, with every check a hostile header needs before anything is
 * sized from it ({@link NiftiHeaderEncoder} writes them back). Byte order and version come from sizeof_hdr (348 or 540 read in
 * either order). Offsets are those of {@link Nifti1Layout} and {@link Nifti2Layout}.
 */
final class NiftiHeaderCodec {
  private NiftiHeaderCodec() {}

  /** Size of the header that starts with these 4 bytes: 348 or 540. */
  static int headerSize(byte[] first4, String file) {
    ByteBuffer b = ByteBuffer.wrap(first4);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      int size = b.order(order).getInt(0);
      if (size == Nifti1Layout.SIZEOF_HDR || size == Nifti2Layout.SIZEOF_HDR) {
        return size;
      }
    }
    throw new InvalidNiftiException(file, "sizeof_hdr=" + b.order(ByteOrder.LITTLE_ENDIAN).getInt(0)
        + ", expected 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order: not a NIfTI file");
  }

  /**
   * Parses and validates a header (without its extensions).
   *
   * @param bytes at least the header's sizeof_hdr bytes
   * @param singleFile whether the header came from a {@code .nii} (else a {@code .hdr})
   * @throws InvalidNiftiException naming {@code file} and the field for any inconsistency
   */
  static NiftiHeader parse(byte[] bytes, String file, boolean singleFile) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int size = headerSize(Arrays.copyOf(bytes, 4), file);
    if (b.getInt(0) != size) {
      b.order(ByteOrder.BIG_ENDIAN);
    }
    NiftiHeader h = size == Nifti1Layout.SIZEOF_HDR ? parse1(b, file, singleFile) : parse2(b, file, singleFile);
    validate(h, file);
    return h;
  }

  private static NiftiHeader parse1(ByteBuffer b, String file, boolean single) {
    byte[] magic = new byte[4];
    b.get(Nifti1Layout.MAGIC_OFFSET, magic);
    if (Arrays.equals(magic, new byte[4])) {
      // ANALYZE 7.5 shares the 348-byte layout but has no magic (smin, usually 0, sits there) and
      // no defined orientation: reading it would guess left from right, so it is refused.
      throw new InvalidNiftiException(file, "no NIfTI magic (bytes 344-347 are '\\x00\\x00\\x00\\x00'): an "
          + "ANALYZE 7.5 header, whose orientation is undefined (left and right may be swapped); voxtile "
          + "reads NIfTI only: convert it with a tool where you can check the orientation");
    }
    checkMagic(b, Nifti1Layout.MAGIC_OFFSET, single ? Nifti1Layout.SINGLE_MAGIC : Nifti1Layout.PAIR_MAGIC,
        single ? Nifti1Layout.PAIR_MAGIC : Nifti1Layout.SINGLE_MAGIC, file, single);
    long[] dim = new long[8];
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = b.getShort(Nifti1Layout.DIM_OFFSET + 2 * i);
      pixdim[i] = b.getFloat(Nifti1Layout.PIXDIM_OFFSET + 4 * i);
    }
    checkDims(dim, file);
    double voxOffset = b.getFloat(Nifti1Layout.VOX_OFFSET_OFFSET);
    if (!(voxOffset >= 0 && voxOffset == Math.rint(voxOffset) && voxOffset < 0x1p53)) {
      throw new InvalidNiftiException(file, "vox_offset=" + voxOffset + ", expected a whole number >= 0");
    }
    return new NiftiHeader(1, b.order(), single, dim, pixdim,
        NiftiDataType.fromCode(b.getShort(Nifti1Layout.DATATYPE_OFFSET), file), (long) voxOffset,
        b.getFloat(Nifti1Layout.SCL_SLOPE_OFFSET), b.getFloat(Nifti1Layout.SCL_INTER_OFFSET),
        b.getShort(Nifti1Layout.QFORM_CODE_OFFSET), b.getShort(Nifti1Layout.SFORM_CODE_OFFSET),
        floats(b, Nifti1Layout.QUATERN_B_OFFSET, 3), floats(b, Nifti1Layout.QOFFSET_X_OFFSET, 3),
        floats(b, Nifti1Layout.SROW_X_OFFSET, 12), b.get(Nifti1Layout.XYZT_UNITS_OFFSET) & 0xff,
        b.getShort(Nifti1Layout.INTENT_CODE_OFFSET),
        text(b, Nifti1Layout.INTENT_NAME_OFFSET, Nifti1Layout.INTENT_NAME_LENGTH),
        text(b, Nifti1Layout.DESCRIP_OFFSET, Nifti1Layout.DESCRIP_LENGTH),
        b.getFloat(Nifti1Layout.CAL_MIN_OFFSET), b.getFloat(Nifti1Layout.CAL_MAX_OFFSET), List.of());
  }

  private static NiftiHeader parse2(ByteBuffer b, String file, boolean single) {
    checkMagic(b, Nifti2Layout.MAGIC_OFFSET, single ? Nifti2Layout.SINGLE_MAGIC : Nifti2Layout.PAIR_MAGIC,
        single ? Nifti2Layout.PAIR_MAGIC : Nifti2Layout.SINGLE_MAGIC, file, single);
    long[] dim = new long[8];
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = b.getLong(Nifti2Layout.DIM_OFFSET + 8 * i);
      pixdim[i] = b.getDouble(Nifti2Layout.PIXDIM_OFFSET + 8 * i);
    }
    checkDims(dim, file);
    long voxOffset = b.getLong(Nifti2Layout.VOX_OFFSET_OFFSET);
    if (voxOffset < 0) {
      throw new InvalidNiftiException(file, "vox_offset=" + voxOffset + ", expected >= 0");
    }
    return new NiftiHeader(2, b.order(), single, dim, pixdim,
        NiftiDataType.fromCode(b.getShort(Nifti2Layout.DATATYPE_OFFSET), file), voxOffset,
        b.getDouble(Nifti2Layout.SCL_SLOPE_OFFSET), b.getDouble(Nifti2Layout.SCL_INTER_OFFSET),
        b.getInt(Nifti2Layout.QFORM_CODE_OFFSET), b.getInt(Nifti2Layout.SFORM_CODE_OFFSET),
        doubles(b, Nifti2Layout.QUATERN_B_OFFSET, 3), doubles(b, Nifti2Layout.QOFFSET_X_OFFSET, 3),
        doubles(b, Nifti2Layout.SROW_X_OFFSET, 12), b.getInt(Nifti2Layout.XYZT_UNITS_OFFSET),
        b.getInt(Nifti2Layout.INTENT_CODE_OFFSET),
        text(b, Nifti2Layout.INTENT_NAME_OFFSET, Nifti1Layout.INTENT_NAME_LENGTH),
        text(b, Nifti2Layout.DESCRIP_OFFSET, Nifti1Layout.DESCRIP_LENGTH),
        b.getDouble(Nifti2Layout.CAL_MIN_OFFSET), b.getDouble(Nifti2Layout.CAL_MAX_OFFSET), List.of());
  }

  private static void checkMagic(ByteBuffer b, int offset, byte[] expected, byte[] otherKind,
      String file, boolean single) {
    byte[] magic = new byte[expected.length];
    b.get(offset, magic);
    if (Arrays.equals(magic, expected)) {
      return;
    }
    if (Arrays.equals(magic, otherKind)) {
      throw new InvalidNiftiException(file, "magic '" + printable(magic) + "' is that of a "
          + (single ? ".hdr/.img pair, but the file is a single .nii" : "single .nii, but the file is a .hdr"));
    }
    throw new InvalidNiftiException(file, "magic '" + printable(magic) + "', expected '"
        + printable(expected) + "'");
  }

  private static void checkDims(long[] dim, String file) {
    if (dim[0] < 1 || dim[0] > 7) {
      throw new InvalidNiftiException(file, "dim[0]=" + dim[0] + ", expected 1..7 axes");
    }
    for (int i = 1; i <= dim[0]; i++) {
      if (dim[i] < 1) {
        throw new InvalidNiftiException(file, "dim[" + i + "]=" + dim[i] + ", expected a positive size");
      }
    }
  }

  private static void validate(NiftiHeader h, String file) {
    if (h.intentCode() >= CIFTI_FIRST_INTENT && h.intentCode() <= CIFTI_LAST_INTENT) {
      // CIFTI: the array indexes grayordinates (surface vertices and voxels) by a series, mapped by
      // an XML extension; read as a volume it would give nonsense that looks valid.
      throw new InvalidNiftiException(file, "intent_code=" + h.intentCode() + " (" + ciftiIntentName(h.intentCode())
          + "): a CIFTI file, whose data are grayordinates (surface vertices and voxels), not a volume; "
          + "voxtile reads NIfTI volumes only");
    }
    try {
      h.channels();
    } catch (ArithmeticException e) {
      throw new InvalidNiftiException(file, "dim=" + Arrays.toString(h.dim()) + " declares more than "
          + Integer.MAX_VALUE + " channels (dim[4..7] multiplied)");
    }
    try {
      h.dataBytes();
    } catch (ArithmeticException e) {
      throw new InvalidNiftiException(file, "dim=" + Arrays.toString(h.dim())
          + " declares more voxels than a 64-bit count holds");
    }
    try {
      Math.addExact(h.voxOffset(), h.dataBytes());
    } catch (ArithmeticException e) {
      throw new InvalidNiftiException(file, "dim=" + Arrays.toString(h.dim()) + " of " + h.datatype().label()
          + " from vox_offset=" + h.voxOffset() + " declares more bytes than a 64-bit offset holds");
    }
    int minimum = h.version() == 1 ? Nifti1Layout.SINGLE_VOX_OFFSET : Nifti2Layout.SINGLE_VOX_OFFSET;
    if (h.singleFile() && h.voxOffset() < minimum) {
      throw new InvalidNiftiException(file, "vox_offset=" + h.voxOffset()
          + " lies inside the header; data start at " + minimum + " at the earliest");
    }
    boolean validSlope = h.sclSlope() != 0 && Double.isFinite(h.sclSlope());
    if (validSlope && !Double.isFinite(h.sclInter())) {
      throw new InvalidNiftiException(file, "scl_inter=" + h.sclInter() + " with scl_slope="
          + h.sclSlope() + ", expected a finite intercept");
    }
    NiftiAffines.best(h, file);
  }

  /** NIFTI_INTENT_CONNECTIVITY_* codes, reserved for CIFTI files. */
  static final int CIFTI_FIRST_INTENT = 3000;
  static final int CIFTI_LAST_INTENT = 3099;

  private static String ciftiIntentName(int code) {
    return "NIFTI_INTENT_CONNECTIVITY_" + switch (code) {
      case 3000 -> "UNKNOWN";
      case 3001 -> "DENSE";
      case 3002 -> "DENSE_SERIES";
      case 3003 -> "PARCELLATED";
      case 3004 -> "PARCELLATED_SERIES";
      case 3006 -> "DENSE_SCALARS";
      case 3007 -> "DENSE_LABELS";
      default -> "*";
    };
  }

  /**
   * Extensions in {@code area} (the bytes after the 4-byte flag up to vox_offset): a sequence of
   * {@code int esize, int ecode, byte[esize - 8]} read while 16 bytes remain, as nibabel does,
   * trailing NULs stripped from each content as nibabel strips them.
   */
  static List<NiftiExtension> parseExtensions(byte[] area, ByteOrder order, String file) {
    ByteBuffer b = ByteBuffer.wrap(area).order(order);
    List<NiftiExtension> out = new ArrayList<>();
    while (b.remaining() >= 16) {
      int at = b.position();
      int esize = b.getInt();
      int ecode = b.getInt();
      if (esize < 8 || esize - 8 > b.remaining()) {
        throw new InvalidNiftiException(file, "extension at byte " + at + " has esize=" + esize
            + ", expected 8.." + (b.remaining() + 8) + " within the extension area");
      }
      int end = b.position() + esize - 8;
      int last = end;
      while (last > b.position() && area[last - 1] == 0) {
        last--;
      }
      byte[] content = new byte[last - b.position()];
      b.get(content);
      b.position(end);
      out.add(new NiftiExtension(ecode, content));
    }
    return out;
  }

  private static double[] floats(ByteBuffer b, int offset, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getFloat(offset + 4 * i);
    }
    return out;
  }

  private static double[] doubles(ByteBuffer b, int offset, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getDouble(offset + 8 * i);
    }
    return out;
  }

  private static String text(ByteBuffer b, int offset, int length) {
    int end = 0;
    while (end < length && b.get(offset + end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end];
    b.get(offset, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String printable(byte[] magic) {
    StringBuilder s = new StringBuilder();
    for (byte c : magic) {
      s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff));
    }
    return s.toString();
  }
}
