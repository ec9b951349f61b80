package org.voxtile.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that voxtile uses, as values (no bytes; the byte
 * layout lives in {@link Nifti1Layout} and {@link Nifti2Layout}). A header that reached a caller
 * through {@link NiftiReader} has been validated: dims positive, datatype supported, offsets sane.
 *
 * <p>Axes: dims 1..3 are the spatial axes (x, y, z); every further axis (dims 4..7, e.g. the
 * channel axis of a 4D file or the {@code (1, components)} axes of a 5D vector file) is flattened
 * into channels in file order.
 *
 * @param version 1 or 2
 * @param singleFile true for {@code .nii}, false for a {@code .hdr}/{@code .img} pair
 * @param dim dim[0] (number of axes) then dim[1..7]
 * @param pixdim pixdim[0] (qfac) then the voxel sizes, as stored
 * @param quatern quatern_b, quatern_c, quatern_d
 * @param qoffset qoffset_x, qoffset_y, qoffset_z
 * @param srow srow_x, srow_y, srow_z: 12 values row-major
 */
public record NiftiHeader(
    int version,
    ByteOrder byteOrder,
    boolean singleFile,
    long[] dim,
    double[] pixdim,
    NiftiDataType datatype,
    long voxOffset,
    double sclSlope,
    double sclInter,
    int qformCode,
    int sformCode,
    double[] quatern,
    double[] qoffset,
    double[] srow,
    int xyztUnits,
    int intentCode,
    String intentName,
    String descrip,
    double calMin,
    double calMax,
    List<NiftiExtension> extensions) {

  /** NIfTI intent code of a vector-valued file (the 5D files MONAI and nibabel write). */
  public static final int INTENT_VECTOR = 1007;

  public NiftiHeader {
    dim = dim.clone();
    pixdim = pixdim.clone();
    quatern = quatern.clone();
    qoffset = qoffset.clone();
    srow = srow.clone();
    extensions = List.copyOf(extensions);
  }

  @Override
  public long[] dim() {
    return dim.clone();
  }

  @Override
  public double[] pixdim() {
    return pixdim.clone();
  }

  @Override
  public double[] quatern() {
    return quatern.clone();
  }

  @Override
  public double[] qoffset() {
    return qoffset.clone();
  }

  @Override
  public double[] srow() {
    return srow.clone();
  }

  /** dim[i], 0..7. */
  public long dim(int i) {
    return dim[i];
  }

  /** pixdim[i], 0..7, as stored. */
  public double pixdim(int i) {
    return pixdim[i];
  }

  /** The spatial size: dim[1..3], 1 for axes beyond dim[0]. */
  public Extent extent() {
    int n = (int) dim[0];
    return new Extent(dim[1], n >= 2 ? dim[2] : 1, n >= 3 ? dim[3] : 1);
  }

  /** The box [0, extent) of global voxel indices. */
  public Box box() {
    return Box.of(extent());
  }

  /** Product of dim[4..dim[0]]: 1 for a 3D file. */
  public int channels() {
    long c = 1;
    for (int i = 4; i <= dim[0]; i++) {
      c = Math.multiplyExact(c, dim[i]);
    }
    return Math.toIntExact(c);
  }

  /** Voxels over all channels. @throws ArithmeticException on overflow */
  public long voxelCount() {
    return Math.multiplyExact(extent().voxelCount(), (long) channels());
  }

  /** Bytes of voxel data. @throws ArithmeticException on overflow */
  public long dataBytes() {
    return Math.multiplyExact(voxelCount(), (long) datatype.bytesPerVoxel());
  }

  /**
   * True when values are scaled on read, as nibabel decides: a finite, non-zero slope that with
   * the intercept is not the identity (1, 0).
   */
  public boolean isScaled() {
    boolean validSlope = sclSlope != 0 && Double.isFinite(sclSlope);
    return validSlope && !(sclSlope == 1 && sclInter == 0);
  }

  /** The voxel-to-world affine nibabel's {@code img.affine} gives: see {@link NiftiAffines#best}. */
  public Affine affine() {
    return NiftiAffines.best(this, "header");
  }

  /** Voxel sizes pixdim[1..3] as nibabel repairs them on load (0 becomes 1, negatives abs). */
  public double[] spacing() {
    return NiftiAffines.repairedZooms(this);
  }

  public SpatialUnit spatialUnit() {
    return SpatialUnit.fromNiftiUnits(xyztUnits);
  }

  /** Affine, spacing and unit: what a {@link org.voxtile.volume.Volume} read from the file carries. */
  public Orientation orientation() {
    return new Orientation(affine(), spacing(), spatialUnit());
  }

  /** Axis codes of the affine, e.g. "RAS". */
  public String axisCodes() {
    return affine().orientation();
  }

  /** The same header with another data offset and extensions (the writer lays these out). */
  NiftiHeader withLayout(long newVoxOffset, List<NiftiExtension> newExtensions, boolean single) {
    return new NiftiHeader(version, byteOrder, single, dim, pixdim, datatype, newVoxOffset, sclSlope,
        sclInter, qformCode, sformCode, quatern, qoffset, srow, xyztUnits, intentCode, intentName,
        descrip, calMin, calMax, newExtensions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NiftiHeader h && toString().equals(h.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "NiftiHeader[nifti" + version + " " + byteOrder + (singleFile ? " single" : " pair")
        + ", dim=" + Arrays.toString(dim) + ", pixdim=" + Arrays.toString(pixdim)
        + ", " + datatype.label() + ", vox_offset=" + voxOffset + ", scl=" + sclSlope + "/" + sclInter
        + ", qform_code=" + qformCode + " quatern=" + Arrays.toString(quatern)
        + " qoffset=" + Arrays.toString(qoffset) + ", sform_code=" + sformCode
        + " srow=" + Arrays.toString(srow) + ", xyzt_units=" + xyztUnits
        + ", intent=" + intentCode + " '" + intentName + "', descrip='" + descrip + "', cal="
        + calMin + ".." + calMax + ", extensions=" + extensions + "]";
  }
}
