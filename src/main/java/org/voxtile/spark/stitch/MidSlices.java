package org.voxtile.spark.stitch;

import org.voxtile.geometry.Box;
import org.voxtile.nifti.VolumeReader;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;
import org.voxtile.zarr.VolumeInputs;

/**
 * The three slices through the middle of a volume that {@code preview.png} shows (axial: the x-y
 * plane at mid z; coronal: x-z at mid y; sagittal: y-z at mid x), of its first
 * {@link Preview#MAX_CHANNELS} channels, gathered from pieces of the volume in any order. The
 * stitcher hands it every piece it writes, so the preview of an output never reads the output
 * back: the driver holds three planes, not the volume.
 */
public final class MidSlices {
  private final int channels;
  private final Volume axial;
  private final Volume coronal;
  private final Volume sagittal;

  /** Slices of a volume over {@code box} with {@code channels} channels (at most 8 are kept). */
  public MidSlices(Box box, int channels) {
    this.channels = channels;
    int kept = Math.min(channels, Preview.MAX_CHANNELS);
    long mx = (box.min(0) + box.max(0)) / 2;
    long my = (box.min(1) + box.max(1)) / 2;
    long mz = (box.min(2) + box.max(2)) / 2;
    this.axial = Volume.zeros(Box.of(box.min(0), box.min(1), mz, box.max(0), box.max(1), mz + 1), kept);
    this.coronal = Volume.zeros(Box.of(box.min(0), my, box.min(2), box.max(0), my + 1, box.max(2)), kept);
    this.sagittal = Volume.zeros(Box.of(mx, box.min(1), box.min(2), mx + 1, box.max(1), box.max(2)), kept);
  }

  /** Copies what {@code piece} (all the volume's channels) holds of the three slices. */
  public void accept(Volume piece) {
    for (Volume slice : new Volume[] {axial, coronal, sagittal}) {
      Box common = slice.box().intersect(piece.box());
      if (common.isEmpty()) {
        continue;
      }
      int row = (int) common.extent().x();
      for (int c = 0; c < slice.channels(); c++) {
        for (long z = common.min(2); z < common.max(2); z++) {
          for (long y = common.min(1); y < common.max(1); y++) {
            System.arraycopy(piece.data(), piece.index(c, common.min(0), y, z), slice.data(),
                slice.index(c, common.min(0), y, z), row);
          }
        }
      }
    }
  }

  /** The slices of an input (NIfTI or Zarr), read by region (three planes, not the volume, when uncompressed). */
  public static MidSlices read(Location file) {
    try (VolumeReader reader = VolumeInputs.open(file)) {
      MidSlices slices = new MidSlices(reader.box(), reader.channels());
      for (Volume slice : new Volume[] {slices.axial, slices.coronal, slices.sagittal}) {
        slices.accept(reader.read(slice.box()).channels(0, Math.min(reader.channels(), Preview.MAX_CHANNELS)));
      }
      return slices;
    }
  }

  /** Channels of the volume (the slices keep at most {@link Preview#MAX_CHANNELS}). */
  int channels() {
    return channels;
  }

  Volume axial() {
    return axial;
  }

  Volume coronal() {
    return coronal;
  }

  Volume sagittal() {
    return sagittal;
  }
}
