package org.voxtile.spark.stitch;

import java.util.List;
import java.util.function.Consumer;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Index3;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.storage.Location;
import org.voxtile.tiling.SlidingWindowRunner;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Blends one output's windows from the scratch directory into its NIfTI file(s), z-slab by
 * z-slab, as {@link SlidingWindowRunner#run} blends them in memory: each task wrote its window's
 * {@code weight * output} ({@link SlidingWindowRunner#weighted}); for each slab the driver adds,
 * window after window in MONAI's order, the part of every window that meets the slab into the
 * slab's sums, and the importance map into its weight sums, then divides and writes. Every
 * voxel's terms are therefore added in the same order as in one JVM, so the bits do not depend on
 * the slab size, the partitioning or retries. The driver holds one slab of sums and weights
 * (at most {@code slabBytes}, at least one z plane) and one window's part of it at a time, never
 * the whole output or weight map. A window's file is deleted once the last slab it meets is written.
 */
public final class WindowBlender {
  private WindowBlender() {}

  /**
   * Writes {@code node}'s blended windows to {@code files}.
   *
   * @param windows the runner whose windows the tasks computed (their order, weights and padding)
   * @return bytes of the finished files
   * @throws OutputValueException when a value does not fit {@code datatype}; no file is left
   */
  public static long blend(Location scratch, String node, OutputDatatype datatype, SlidingWindowRunner windows,
      int channels, Orientation orientation, List<Location> files, long slabBytes, TileArrivals arrivals,
      Consumer<Volume> pieces) {
    Box image = windows.image();
    Stitcher.Output output = new Stitcher.Output(node, datatype, image.extent(), channels, orientation);
    return Stitcher.write(output, files, pieces, sink -> {
      List<Box> all = windows.windows().windows();
      long planeBytes = 4L * (channels + 1) * image.extent().x() * image.extent().y();
      long planes = Math.max(1, slabBytes / planeBytes);
      Index3 toScan = new Index3(-image.min(0), -image.min(1), -image.min(2));
      for (long z0 = image.min(2); z0 < image.max(2); z0 += planes) {
        long z1 = Math.min(image.max(2), z0 + planes);
        Box slab = Box.of(image.min(0), image.min(1), z0, image.max(0), image.max(1), z1);
        Volume sum = Volume.zeros(slab, channels);
        Volume count = Volume.zeros(slab, 1);
        for (int i = 0; i < all.size(); i++) {
          Box window = all.get(i);
          if (!window.intersects(slab)) {
            continue;
          }
          Location file = TileScratch.file(scratch, node, i);
          arrivals.await(scratch, node, i);
          Volume part = TileScratch.readRegion(file, slab);
          if (!part.box().equals(window.intersect(slab)) || part.channels() != channels) {
            throw new VoxtileException("scratch window " + i + " of '" + node + "' holds " + part.box() + " but the "
                + "window is " + window + ": another run is using " + scratch.parent() + "; run one job per output "
                + "directory");
          }
          SlidingWindowRunner.add(part, sum);
          SlidingWindowRunner.add(windows.weightsAt(window), count);
          if (window.max(2) <= z1 || z1 == image.max(2)) { // no later slab reads it
            file.delete();
          }
        }
        SlidingWindowRunner.divide(sum, count);
        sink.accept(Volume.wrap(slab.translate(toScan), channels, sum.data()));
      }
    });
  }
}
