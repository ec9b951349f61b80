package org.voxtile.nifti;

/**
 * Byte offsets of the NIfTI-2 header (540 bytes; single files then hold a 4-byte extension flag,
 * so data start at 544 at the earliest). All offsets from the start of the file.
 *
 * <pre>
 * offset type       field             offset type       field
 *   0    int        sizeof_hdr=540     240    char[80]  descrip
 *   4    char[8]    magic              320    char[24]  aux_file
 *  12    short      datatype           344    int       qform_code
 *  14    short      bitpix             348    int       sform_code
 *  16    int64[8]   dim                352    double    quatern_b, c, d (352, 360, 368)
 *  80    double[3]  intent_p1..p3      376    double    qoffset_x, y, z (376, 384, 392)
 * 104    double[8]  pixdim             400    double[4] srow_x
 * 168    int64      vox_offset         432    double[4] srow_y
 * 176    double     scl_slope          464    double[4] srow_z
 * 184    double     scl_inter          496    int       slice_code
 * 192    double     cal_max            500    int       xyzt_units
 * 200    double     cal_min            504    int       intent_code
 * 208    double     slice_duration     508    char[16]  intent_name
 * 216    double     toffset            524    char      dim_info
 * 224    int64      slice_start        525    char[15]  unused
 * 232    int64      slice_end          540    byte[4]   extension flag, then extensions
 * </pre>
 *
 * Magic is {@code "n+2\0\r\n\032\n"} (single) or {@code "ni2\0\r\n\032\n"} (pair).
 */
final class Nifti2Layout {
  private Nifti2Layout() {}

  static final int SIZEOF_HDR = 540;
  static final int SINGLE_VOX_OFFSET = 544;

  static final int MAGIC_OFFSET = 4; // char[8]
  static final int DATATYPE_OFFSET = 12; // short
  static final int BITPIX_OFFSET = 14; // short
  static final int DIM_OFFSET = 16; // int64[8]
  static final int INTENT_P1_OFFSET = 80; // double[3]
  static final int PIXDIM_OFFSET = 104; // double[8]
  static final int VOX_OFFSET_OFFSET = 168; // int64
  static final int SCL_SLOPE_OFFSET = 176; // double
  static final int SCL_INTER_OFFSET = 184; // double
  static final int CAL_MAX_OFFSET = 192; // double
  static final int CAL_MIN_OFFSET = 200; // double
  static final int DESCRIP_OFFSET = 240; // char[80]
  static final int QFORM_CODE_OFFSET = 344; // int
  static final int SFORM_CODE_OFFSET = 348; // int
  static final int QUATERN_B_OFFSET = 352; // double[3]
  static final int QOFFSET_X_OFFSET = 376; // double[3]
  static final int SROW_X_OFFSET = 400; // double[4], then srow_y, srow_z
  static final int SLICE_CODE_OFFSET = 496; // int
  static final int XYZT_UNITS_OFFSET = 500; // int
  static final int INTENT_CODE_OFFSET = 504; // int
  static final int INTENT_NAME_OFFSET = 508; // char[16]
  static final int DIM_INFO_OFFSET = 524; // char

  static final byte[] SINGLE_MAGIC = {'n', '+', '2', 0, '\r', '\n', 032, '\n'};
  static final byte[] PAIR_MAGIC = {'n', 'i', '2', 0, '\r', '\n', 032, '\n'};
}
