package org.voxtile.zarr;

import java.util.Map;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.nifti.VolumeReader;
import org.voxtile.storage.Location;

/**
 * The one place an input location becomes a reader: a directory holding a Zarr array or group is
 * read as Zarr ({@link ZarrSource}), anything else as NIfTI.
 */
public final class VolumeInputs {
  private VolumeInputs() {}

  /** The reader of one input: headers or metadata only. */
  public static VolumeReader open(Location at) {
    return ZarrSource.isZarr(at) ? ZarrSource.open(at) : NiftiReader.open(at.readable(), ReadLimits.DEFAULT);
  }

  /** Named inputs stacked as channels ({@link MultiChannelSource}), grids checked to agree. */
  public static MultiChannelSource open(Map<String, Location> inputs) {
    return MultiChannelSource.openReaders(inputs, VolumeInputs::open);
  }
}
