package org.voxtile.nifti;

import org.voxtile.geometry.Box;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * A volume on disk read by region: what {@link MultiChannelSource} stacks as channels. A
 * {@link NiftiReader} is one; the Zarr reader ({@code org.voxtile.zarr.ZarrSource}) is the other.
 */
public interface VolumeReader extends AutoCloseable {
  /** The file or array as the user named it: how messages refer to it. */
  String name();

  /** [0, dims) over the spatial axes. */
  Box box();

  int channels();

  Orientation orientation();

  /** Voxel data bytes read so far, as stored. */
  long bytesRead();

  /** All channels of {@code region}, which must lie in {@link #box()}. */
  Volume read(Box region);

  @Override
  void close();
}
