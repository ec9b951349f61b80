package org.voxtile.nifti;

import java.nio.file.Path;
import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Writes a whole {@link Volume} as one NIfTI file, {@code .nii} or {@code .nii.gz} by the name:
 * all channels in one file, 3D for one channel, 4D (x, y, z, channel) for several, as MONAI
 * writes them. The file covers the volume's box: its voxel (0, 0, 0) is the box's min corner,
 * and the affine is moved to match.
 *
 * <pre>{@code
 * NiftiWriter.write(Path.of("out.nii.gz"), volume, NiftiWriteOptions.DEFAULTS);
 * NiftiWriter.write(Path.of("out.nii"), volume,
 *     NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16)); // slope/inter from the range
 * }</pre>
 *
 * <p>The header holds dim, pixdim (the affine's column lengths), qform (quaternion, qfac -1 for
 * a flipped affine) and sform (the affine, exact) with the options' codes, xyzt_units from the
 * orientation's unit, cal_min/cal_max (the data range), descrip and intent; vox_offset is 352
 * (NIfTI-1) or 544 (NIfTI-2) after a zero extension flag. The file appears under its name only
 * once complete (see {@link NiftiStreamWriter}).
 */
public final class NiftiWriter {
  private NiftiWriter() {}

  /** Writes {@code volume} to {@code file}; returns {@code file}. */
  public static Path write(Path file, Volume volume, NiftiWriteOptions options) {
    NiftiWriteOptions chosen = options;
    if (options.datatype().isInteger() && !options.hasFixedScaling()) {
      Range range = new Range();
      range.add(volume.data());
      boolean float32Fields = version(volume.extent(), volume.channels(), options) == 1;
      StoredScaling s = StoredScaling.choose(options.datatype(), range.min, range.max,
          range.wholeNumbers, float32Fields);
      chosen = options.withScaling(s.slope(), s.inter());
    }
    NiftiStreamWriter writer = NiftiStreamWriter.open(file, volume.box(), volume.channels(),
        volume.orientation(), chosen);
    try {
      writer.write(volume);
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    writer.close();
    return file;
  }

  /**
   * Copies {@code region} (all channels) of {@code input} into {@code file} slab by slab, so
   * memory stays near {@code slabVoxels} floats whatever the volume size. For an integer
   * datatype without fixed scaling, a first pass over the slabs finds the range.
   *
   * <pre>{@code
   * try (NiftiReader in = NiftiReader.open(Path.of("t1.nii.gz"))) {
   *   NiftiWriter.copy(in, in.box(), Path.of("t1.nii"), NiftiWriteOptions.like(in.header()), 1 << 24);
   * }
   * }</pre>
   */
  public static Path copy(NiftiReader input, Box region, Path file, NiftiWriteOptions options,
      long slabVoxels) {
    long sliceVoxels = Math.max(1, region.extent().x() * region.extent().y() * input.channels());
    long slabDepth = Math.max(1, slabVoxels / sliceVoxels);
    List<Box> slabs = new java.util.ArrayList<>();
    for (long z = region.min().z(); z < region.max().z(); z += slabDepth) {
      slabs.add(Box.of(region.min().x(), region.min().y(), z, region.max().x(), region.max().y(),
          Math.min(region.max().z(), z + slabDepth)));
    }
    NiftiWriteOptions chosen = options;
    if (options.datatype().isInteger() && !options.hasFixedScaling()) {
      Range range = new Range();
      for (Box slab : slabs) {
        range.add(input.read(slab).data());
      }
      boolean float32Fields = version(region.extent(), input.channels(), options) == 1;
      StoredScaling s = StoredScaling.choose(options.datatype(), range.min, range.max,
          range.wholeNumbers, float32Fields);
      chosen = options.withScaling(s.slope(), s.inter());
    }
    NiftiStreamWriter writer = NiftiStreamWriter.open(file, region, input.channels(),
        input.orientation(), chosen);
    try {
      for (Box slab : slabs) {
        writer.write(input.read(slab));
      }
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    writer.close();
    return file;
  }

  /** Finite minimum and maximum of values, and whether all are whole numbers. */
  private static final class Range {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean wholeNumbers = true;

    void add(float[] values) {
      for (float v : values) {
        if (Float.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
          wholeNumbers &= v == Math.rint(v);
        }
      }
    }
  }

  /** The NIfTI version a file of this size is written in. */
  static int version(Extent extent, int channels, NiftiWriteOptions options) {
    long largest = Math.max(Math.max(extent.x(), extent.y()), Math.max(extent.z(), channels));
    return options.version() == 2 || largest > Short.MAX_VALUE ? 2 : 1;
  }

  /** The header of a new single file. */
  static NiftiHeader header(Extent extent, int channels, Orientation orientation,
      NiftiWriteOptions options, StoredScaling scaling, double calMin, double calMax) {
    int version = version(extent, channels, options);
    long[] dim = {channels > 1 ? 4 : 3, extent.x(), extent.y(), extent.z(), channels, 1, 1, 1};
    Affine affine = orientation.affine();
    NiftiAffines.Qform q = NiftiAffines.toQform(affine);
    double[] pixdim = {q.qfac(), q.zooms()[0], q.zooms()[1], q.zooms()[2], 1, 1, 1, 1};
    double[] srow = new double[12];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(affine.row(r), 0, srow, r * 4, 4);
    }
    boolean scaled = options.datatype().isInteger() && (scaling.slope() != 1 || scaling.inter() != 0);
    long voxOffset = version == 1 ? Nifti1Layout.SINGLE_VOX_OFFSET : Nifti2Layout.SINGLE_VOX_OFFSET;
    return new NiftiHeader(version, options.byteOrder(), true, dim, pixdim, options.datatype(),
        voxOffset, scaled ? scaling.slope() : 1, scaled ? scaling.inter() : 0,
        options.qformCode(), options.sformCode(),
        options.qformCode() > 0 ? q.quatern() : new double[3],
        options.qformCode() > 0 ? q.offset() : new double[3],
        options.sformCode() > 0 ? srow : new double[12],
        orientation.unit().niftiCode(), options.intentCode(), options.intentName(), options.descrip(),
        Double.isFinite(calMin) ? calMin : 0, Double.isFinite(calMax) ? calMax : 0, List.of());
  }
}
