package org.voxtile.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiStreamWriter;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Writes the two-channel synthetic scan of {@code jobs/bench.sh}: {@code DIR/bench_t1.nii} and
 * {@code DIR/bench_t2.nii}, float32, uncompressed (read by range), 1 mm voxels. Written slab by
 * slab through {@link NiftiStreamWriter}, so generating even 1024^3 needs only one slab of memory.
 * Voxels are smooth waves plus deterministic hash noise (a function of the position only).
 *
 * <pre>java -cp ... org.voxtile.bench.SyntheticScan DIR X,Y,Z</pre>
 */
public final class SyntheticScan {
  private static final int SLAB = 8;

  private SyntheticScan() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Extent shape = Extent.parse(args[1]);
    Files.createDirectories(dir);
    Orientation orientation = Orientation.of(Affine.diagonal(1, 1, 1));
    for (int c = 0; c < 2; c++) {
      Path file = dir.resolve(c == 0 ? "bench_t1.nii" : "bench_t2.nii");
      try (NiftiStreamWriter writer = NiftiStreamWriter.open(file, Box.of(shape), 1, orientation,
          NiftiWriteOptions.DEFAULTS)) {
        for (long z0 = 0; z0 < shape.z(); z0 += SLAB) {
          Box slab = Box.of(0, 0, z0, shape.x(), shape.y(), Math.min(shape.z(), z0 + SLAB));
          writer.write(slab(slab, c));
        }
      }
      System.out.println("wrote " + file);
    }
  }

  static Volume slab(Box box, int channel) {
    Volume v = Volume.zeros(box, 1);
    float[] data = v.data();
    int i = 0;
    for (long z = box.min().z(); z < box.max().z(); z++) {
      for (long y = box.min().y(); y < box.max().y(); y++) {
        for (long x = box.min().x(); x < box.max().x(); x++) {
          double wave = Math.sin(x * 0.05 + channel) * Math.cos(y * 0.07) + Math.sin(z * 0.03 * (channel + 1));
          data[i++] = (float) (100 * wave + noise(x, y, z, channel));
        }
      }
    }
    return v;
  }

  /** Uniform in [-10, 10), from a hash of the position. */
  private static double noise(long x, long y, long z, int channel) {
    long h = x * 0x9E3779B97F4A7C15L ^ y * 0xC2B2AE3D27D4EB4FL ^ z * 0x165667B19E3779F9L ^ channel;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return ((h >>> 11) * 0x1.0p-53 - 0.5) * 20;
  }
}
