package org.voxtile.nifti;

/**
 * Byte offsets of the NIfTI-1 header (348 bytes; single files then hold a 4-byte extension flag,
 * so data start at 352 at the earliest). All offsets from the start of the file.
 *
 * <pre>
 * offset type      field            offset type      field
 *   0    int       sizeof_hdr=348    124    float    cal_max
 *   4    char[10]  data_type         128    float    cal_min
 *  14    char[18]  db_name           132    float    slice_duration
 *  32    int       extents           136    float    toffset
 *  36    short     session_error     140    int      glmax
 *  38    char      regular           144    int      glmin
 *  39    char      dim_info          148    char[80] descrip
 *  40    short[8]  dim               228    char[24] aux_file
 *  56    float     intent_p1         252    short    qform_code
 *  60    float     intent_p2         254    short    sform_code
 *  64    float     intent_p3         256    float    quatern_b, c, d (256, 260, 264)
 *  68    short     intent_code       268    float    qoffset_x, y, z (268, 272, 276)
 *  70    short     datatype          280    float[4] srow_x
 *  72    short     bitpix            296    float[4] srow_y
 *  74    short     slice_start       312    float[4] srow_z
 *  76    float[8]  pixdim            328    char[16] intent_name
 * 108    float     vox_offset        344    char[4]  magic "n+1\0" (single) or "ni1\0" (pair)
 * 112    float     scl_slope         348    byte[4]  extension flag (single file / .hdr), then
 * 116    float     scl_inter                          extensions: int esize, int ecode, bytes
 * 120    short     slice_end
 * 122    char      slice_code
 * 123    char      xyzt_units
 * </pre>
 */
final class Nifti1Layout {
  private Nifti1Layout() {}

  static final int SIZEOF_HDR = 348;
  static final int SINGLE_VOX_OFFSET = 352; // header + 4-byte extension flag

  static final int SIZEOF_HDR_OFFSET = 0; // int
  static final int DIM_INFO_OFFSET = 39; // char
  static final int DIM_OFFSET = 40; // short[8]
  static final int INTENT_P1_OFFSET = 56; // float[3]
  static final int INTENT_CODE_OFFSET = 68; // short
  static final int DATATYPE_OFFSET = 70; // short
  static final int BITPIX_OFFSET = 72; // short
  static final int PIXDIM_OFFSET = 76; // float[8]
  static final int VOX_OFFSET_OFFSET = 108; // float
  static final int SCL_SLOPE_OFFSET = 112; // float
  static final int SCL_INTER_OFFSET = 116; // float
  static final int XYZT_UNITS_OFFSET = 123; // char
  static final int CAL_MAX_OFFSET = 124; // float
  static final int CAL_MIN_OFFSET = 128; // float
  static final int DESCRIP_OFFSET = 148; // char[80]
  static final int DESCRIP_LENGTH = 80;
  static final int QFORM_CODE_OFFSET = 252; // short
  static final int SFORM_CODE_OFFSET = 254; // short
  static final int QUATERN_B_OFFSET = 256; // float[3]: b, c, d
  static final int QOFFSET_X_OFFSET = 268; // float[3]: x, y, z
  static final int SROW_X_OFFSET = 280; // float[4], then srow_y, srow_z
  static final int INTENT_NAME_OFFSET = 328; // char[16]
  static final int INTENT_NAME_LENGTH = 16;
  static final int MAGIC_OFFSET = 344; // char[4]

  static final byte[] SINGLE_MAGIC = {'n', '+', '1', 0};
  static final byte[] PAIR_MAGIC = {'n', 'i', '1', 0};
}
