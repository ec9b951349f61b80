package org.voxtile.nifti;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@link NiftiHeader} to header bytes: the inverse of {@link NiftiHeaderCodec#parse} for every
 * header it accepts (same version, byte order and file kind; NIfTI-1 fields narrowed to their
 * float32 and int16 widths). Offsets are those of {@link Nifti1Layout} and {@link Nifti2Layout};
 * fields voxtile does not model (dim_info, slice timing, aux_file) are written as zeros, and
 * texts are cut to leave one terminating NUL.
 */
final class NiftiHeaderEncoder {
  private NiftiHeaderEncoder() {}

  /** The header bytes (sizeof_hdr of them, without the extension flag) for {@code h}. */
  static byte[] encode(NiftiHeader h) {
    return h.version() == 1 ? encode1(h) : encode2(h);
  }

  private static byte[] encode1(NiftiHeader h) {
    ByteBuffer b = ByteBuffer.allocate(Nifti1Layout.SIZEOF_HDR).order(h.byteOrder());
    b.putInt(Nifti1Layout.SIZEOF_HDR_OFFSET, Nifti1Layout.SIZEOF_HDR);
    b.put(Nifti1Layout.DIM_INFO_OFFSET, (byte) 0);
    for (int i = 0; i < 8; i++) {
      b.putShort(Nifti1Layout.DIM_OFFSET + 2 * i, (short) h.dim(i));
      b.putFloat(Nifti1Layout.PIXDIM_OFFSET + 4 * i, (float) h.pixdim(i));
    }
    b.putShort(Nifti1Layout.INTENT_CODE_OFFSET, (short) h.intentCode());
    b.putShort(Nifti1Layout.DATATYPE_OFFSET, (short) h.datatype().code());
    b.putShort(Nifti1Layout.BITPIX_OFFSET, (short) h.datatype().bitpix());
    b.putFloat(Nifti1Layout.VOX_OFFSET_OFFSET, h.voxOffset());
    b.putFloat(Nifti1Layout.SCL_SLOPE_OFFSET, (float) h.sclSlope());
    b.putFloat(Nifti1Layout.SCL_INTER_OFFSET, (float) h.sclInter());
    b.put(Nifti1Layout.XYZT_UNITS_OFFSET, (byte) h.xyztUnits());
    b.putFloat(Nifti1Layout.CAL_MAX_OFFSET, (float) h.calMax());
    b.putFloat(Nifti1Layout.CAL_MIN_OFFSET, (float) h.calMin());
    putText(b, Nifti1Layout.DESCRIP_OFFSET, Nifti1Layout.DESCRIP_LENGTH, h.descrip());
    b.putShort(Nifti1Layout.QFORM_CODE_OFFSET, (short) h.qformCode());
    b.putShort(Nifti1Layout.SFORM_CODE_OFFSET, (short) h.sformCode());
    for (int i = 0; i < 3; i++) {
      b.putFloat(Nifti1Layout.QUATERN_B_OFFSET + 4 * i, (float) h.quatern()[i]);
      b.putFloat(Nifti1Layout.QOFFSET_X_OFFSET + 4 * i, (float) h.qoffset()[i]);
    }
    double[] srow = h.srow();
    for (int i = 0; i < 12; i++) {
      b.putFloat(Nifti1Layout.SROW_X_OFFSET + 4 * i, (float) srow[i]);
    }
    putText(b, Nifti1Layout.INTENT_NAME_OFFSET, Nifti1Layout.INTENT_NAME_LENGTH, h.intentName());
    b.put(Nifti1Layout.MAGIC_OFFSET, h.singleFile() ? Nifti1Layout.SINGLE_MAGIC : Nifti1Layout.PAIR_MAGIC);
    return b.array();
  }

  private static byte[] encode2(NiftiHeader h) {
    ByteBuffer b = ByteBuffer.allocate(Nifti2Layout.SIZEOF_HDR).order(h.byteOrder());
    b.putInt(0, Nifti2Layout.SIZEOF_HDR);
    b.put(Nifti2Layout.MAGIC_OFFSET, h.singleFile() ? Nifti2Layout.SINGLE_MAGIC : Nifti2Layout.PAIR_MAGIC);
    b.putShort(Nifti2Layout.DATATYPE_OFFSET, (short) h.datatype().code());
    b.putShort(Nifti2Layout.BITPIX_OFFSET, (short) h.datatype().bitpix());
    for (int i = 0; i < 8; i++) {
      b.putLong(Nifti2Layout.DIM_OFFSET + 8 * i, h.dim(i));
      b.putDouble(Nifti2Layout.PIXDIM_OFFSET + 8 * i, h.pixdim(i));
    }
    b.putLong(Nifti2Layout.VOX_OFFSET_OFFSET, h.voxOffset());
    b.putDouble(Nifti2Layout.SCL_SLOPE_OFFSET, h.sclSlope());
    b.putDouble(Nifti2Layout.SCL_INTER_OFFSET, h.sclInter());
    b.putDouble(Nifti2Layout.CAL_MAX_OFFSET, h.calMax());
    b.putDouble(Nifti2Layout.CAL_MIN_OFFSET, h.calMin());
    putText(b, Nifti2Layout.DESCRIP_OFFSET, Nifti1Layout.DESCRIP_LENGTH, h.descrip());
    b.putInt(Nifti2Layout.QFORM_CODE_OFFSET, h.qformCode());
    b.putInt(Nifti2Layout.SFORM_CODE_OFFSET, h.sformCode());
    for (int i = 0; i < 3; i++) {
      b.putDouble(Nifti2Layout.QUATERN_B_OFFSET + 8 * i, h.quatern()[i]);
      b.putDouble(Nifti2Layout.QOFFSET_X_OFFSET + 8 * i, h.qoffset()[i]);
    }
    double[] srow = h.srow();
    for (int i = 0; i < 12; i++) {
      b.putDouble(Nifti2Layout.SROW_X_OFFSET + 8 * i, srow[i]);
    }
    b.putInt(Nifti2Layout.XYZT_UNITS_OFFSET, h.xyztUnits());
    b.putInt(Nifti2Layout.INTENT_CODE_OFFSET, h.intentCode());
    putText(b, Nifti2Layout.INTENT_NAME_OFFSET, Nifti1Layout.INTENT_NAME_LENGTH, h.intentName());
    return b.array();
  }

  private static void putText(ByteBuffer b, int offset, int length, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    // Keep one NUL: readers expect a terminated string.
    b.put(offset, bytes, 0, Math.min(bytes.length, length - 1));
  }
}
