package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.nio.ByteOrder;

/**
 * How {@link NiftiWriter} and {@link NiftiStreamWriter} encode a file. Defaults
 * ({@link #DEFAULTS}): float32, NIfTI-1 unless a dimension exceeds 32767, little endian, qform
 * and sform both from the affine with code 1 (scanner), description "voxtile".
 *
 * @param datatype voxel type on disk
 * @param version 1 or 2 (1 is upgraded to 2 when a dimension does not fit a short)
 * @param qformCode qform_code to write (0 leaves the qform unset)
 * @param sformCode sform_code to write (0 leaves the sform unset)
 * @param sclSlope fixed scl_slope for integer types, or NaN to choose from the data range
 *     (whole-volume writes) / write unscaled (streamed writes, which cannot see the range first)
 * @param sclInter fixed scl_inter, used with a fixed slope
 * @param intentCode intent_code (0: none)
 * @param intentName intent_name (at most 15 characters kept)
 */
public record NiftiWriteOptions(
    NiftiDataType datatype,
    int version,
    ByteOrder byteOrder,
    int qformCode,
    int sformCode,
    String descrip,
    double sclSlope,
    double sclInter,
    int intentCode,
    String intentName) {

  public static final NiftiWriteOptions DEFAULTS = new NiftiWriteOptions(
      NiftiDataType.FLOAT32, 1, ByteOrder.LITTLE_ENDIAN, 1, 1, "voxtile", Double.NaN, 0, 0, "");

  public NiftiWriteOptions {
    checkArgument(datatype != null && byteOrder != null && descrip != null && intentName != null,
        "write options must not hold nulls");
    checkArgument(version == 1 || version == 2, "NIfTI version must be 1 or 2: %s", version);
    checkArgument(qformCode >= 0 && qformCode <= 5 && sformCode >= 0 && sformCode <= 5,
        "qform/sform codes must be 0..5: %s, %s", qformCode, sformCode);
    checkArgument(Double.isNaN(sclSlope) || (sclSlope != 0 && Double.isFinite(sclSlope)
        && Double.isFinite(sclInter)), "scl_slope must be NaN (choose) or finite non-zero: %s/%s",
        sclSlope, sclInter);
  }

  public NiftiWriteOptions withDatatype(NiftiDataType type) {
    return new NiftiWriteOptions(type, version, byteOrder, qformCode, sformCode, descrip, sclSlope,
        sclInter, intentCode, intentName);
  }

  public NiftiWriteOptions withVersion(int v) {
    return new NiftiWriteOptions(datatype, v, byteOrder, qformCode, sformCode, descrip, sclSlope,
        sclInter, intentCode, intentName);
  }

  public NiftiWriteOptions withByteOrder(ByteOrder order) {
    return new NiftiWriteOptions(datatype, version, order, qformCode, sformCode, descrip, sclSlope,
        sclInter, intentCode, intentName);
  }

  public NiftiWriteOptions withCodes(int qform, int sform) {
    return new NiftiWriteOptions(datatype, version, byteOrder, qform, sform, descrip, sclSlope,
        sclInter, intentCode, intentName);
  }

  public NiftiWriteOptions withDescrip(String text) {
    return new NiftiWriteOptions(datatype, version, byteOrder, qformCode, sformCode, text, sclSlope,
        sclInter, intentCode, intentName);
  }

  /** A fixed scaling: stored = round((value - inter) / slope), clipped to the type. */
  public NiftiWriteOptions withScaling(double slope, double inter) {
    return new NiftiWriteOptions(datatype, version, byteOrder, qformCode, sformCode, descrip, slope,
        inter, intentCode, intentName);
  }

  public NiftiWriteOptions withIntent(int code, String name) {
    return new NiftiWriteOptions(datatype, version, byteOrder, qformCode, sformCode, descrip, sclSlope,
        sclInter, code, name);
  }

  /**
   * Integers stored as they are (scl_slope 1, scl_inter 0, which nibabel reads as unscaled: its
   * {@code dataobj} gives the integer array itself), as label maps are written. The caller makes
   * sure each value is a whole number the type holds: the writer would round and clip.
   */
  public static NiftiWriteOptions unscaled(NiftiDataType type) {
    checkArgument(type.isInteger(), "only integer types are stored unscaled: %s", type.label());
    return DEFAULTS.withDatatype(type).withScaling(1, 0);
  }

  /**
   * The input's datatype, byte order, codes (0 codes become 1 so that the affine is kept) and,
   * for integer types with scaling, its slope and intercept: a re-encode that keeps values.
   */
  public static NiftiWriteOptions like(NiftiHeader input) {
    NiftiWriteOptions o = DEFAULTS.withDatatype(input.datatype()).withByteOrder(input.byteOrder())
        .withCodes(keep(input.qformCode()), keep(input.sformCode()))
        .withDescrip(input.descrip());
    if (input.datatype().isInteger() && input.isScaled()) {
      o = o.withScaling(input.sclSlope(), input.sclInter());
    }
    return o;
  }

  private static int keep(int code) {
    return code >= 1 && code <= 5 ? code : 1;
  }

  public boolean hasFixedScaling() {
    return !Double.isNaN(sclSlope);
  }
}
