package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

import java.util.SplittableRandom;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;

/**
 * A synthetic head with T1-like and T2-like contrast of the same anatomy: the sample scan of
 * {@code data-samples/}. Tissues are nested ellipsoids (scalp fat, skull, CSF, grey matter, white
 * matter with a folded surface, deep grey nuclei, two lateral ventricles) with the relative intensities of 3T spin-echo scans, a smooth
 * multiplicative bias field shared by both channels (as a receive coil gives), and Rician noise
 * (the magnitude of complex Gaussian noise, as in magnitude MR images), rounded to whole numbers
 * as a scanner stores them (int16).
 *
 * <p>Deterministic: the same extent, spacing and seed give the same voxels on every JVM
 * (StrictMath, a seeded SplittableRandom and a fixed voxel order).
 */
public final class Phantom {
  /** Tissue classes, innermost last: a voxel takes the last class whose ellipsoid holds it. */
  private enum Tissue {
    AIR(0, 0),
    SCALP(115, 70),
    SKULL(15, 12),
    CSF(30, 145),
    GREY(72, 95),
    WHITE(108, 62),
    VENTRICLE(30, 150);

    final double t1;
    final double t2;

    Tissue(double t1, double t2) {
      this.t1 = t1;
      this.t2 = t2;
    }
  }

  /**
   * Ellipsoid in normalised head coordinates (-1..1 spans the field of view), its surface
   * optionally folded by {@code fold} (relative radius change) like gyri and sulci.
   */
  private record Ellipsoid(Tissue tissue, double cx, double cy, double cz, double rx, double ry, double rz,
      double fold) {
    Ellipsoid(Tissue tissue, double cx, double cy, double cz, double rx, double ry, double rz) {
      this(tissue, cx, cy, cz, rx, ry, rz, 0);
    }

    boolean contains(double x, double y, double z) {
      double dx = (x - cx) / rx;
      double dy = (y - cy) / ry;
      double dz = (z - cz) / rz;
      double r2 = dx * dx + dy * dy + dz * dz;
      if (fold == 0) {
        return r2 <= 1;
      }
      double azimuth = StrictMath.atan2(dy, dx);
      double elevation = StrictMath.atan2(dz, StrictMath.hypot(dx, dy));
      double radius = 1 + fold * StrictMath.sin(9 * azimuth) * StrictMath.cos(7 * elevation);
      return r2 <= radius * radius;
    }
  }

  private static final Ellipsoid[] ANATOMY = {
    new Ellipsoid(Tissue.SCALP, 0, 0, 0, 0.80, 0.90, 0.85),
    new Ellipsoid(Tissue.SKULL, 0, 0, 0.02, 0.75, 0.85, 0.80),
    new Ellipsoid(Tissue.CSF, 0, 0, 0.03, 0.70, 0.80, 0.75),
    new Ellipsoid(Tissue.GREY, 0, 0, 0.04, 0.66, 0.76, 0.70, 0.03),
    new Ellipsoid(Tissue.WHITE, 0, 0.02, 0.08, 0.54, 0.64, 0.55, 0.09),
    new Ellipsoid(Tissue.GREY, -0.10, -0.05, 0.0, 0.08, 0.12, 0.08), // thalami
    new Ellipsoid(Tissue.GREY, 0.10, -0.05, 0.0, 0.08, 0.12, 0.08),
    new Ellipsoid(Tissue.VENTRICLE, -0.12, 0.05, 0.12, 0.06, 0.25, 0.10),
    new Ellipsoid(Tissue.VENTRICLE, 0.12, 0.05, 0.12, 0.06, 0.25, 0.10),
  };

  private Phantom() {}

  /**
   * The two-channel phantom (channel 0 = T1, channel 1 = T2) over {@code extent} voxels of
   * {@code spacing} mm, RAS, with the world origin at the volume centre as in MNI space.
   */
  public static Volume head(Extent extent, double spacing, long seed) {
    checkArgument(!extent.isEmpty(), "phantom extent must not be empty: %s", extent);
    checkArgument(spacing > 0, "spacing must be positive: %s", spacing);
    Volume v = Volume.zeros(Box.of(extent), 2);
    float[] data = v.data();
    int n = v.voxelsPerChannel();
    SplittableRandom random = new SplittableRandom(seed);
    double noise = 4.0;
    int i = 0;
    for (long z = 0; z < extent.z(); z++) {
      double nz = normalised(z, extent.z());
      for (long y = 0; y < extent.y(); y++) {
        double ny = normalised(y, extent.y());
        for (long x = 0; x < extent.x(); x++, i++) {
          double nx = normalised(x, extent.x());
          Tissue t = tissueAt(nx, ny, nz);
          double bias = biasField(nx, ny, nz);
          data[i] = (float) Math.rint(rician(t.t1 * bias, noise, random));
          data[n + i] = (float) Math.rint(rician(t.t2 * bias, noise, random));
        }
      }
    }
    double[] origin = {
      -spacing * (extent.x() - 1) / 2.0, -spacing * (extent.y() - 1) / 2.0, -spacing * (extent.z() - 1) / 2.0
    };
    Affine affine = Affine.ofRowMajor(
        spacing, 0, 0, origin[0], 0, spacing, 0, origin[1], 0, 0, spacing, origin[2], 0, 0, 0, 1);
    return v.withOrientation(new Orientation(affine, new double[] {spacing, spacing, spacing}, SpatialUnit.MM));
  }

  private static double normalised(long i, long n) {
    return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
  }

  private static Tissue tissueAt(double x, double y, double z) {
    Tissue t = Tissue.AIR;
    for (Ellipsoid e : ANATOMY) {
      if (e.contains(x, y, z)) {
        t = e.tissue;
      }
    }
    return t;
  }

  /** About +-15% over the head, brighter towards the back and top, as from a posterior coil. */
  private static double biasField(double x, double y, double z) {
    return 1.0 + 0.10 * z - 0.08 * y + 0.05 * StrictMath.cos(StrictMath.PI * x);
  }

  private static double rician(double signal, double sigma, SplittableRandom random) {
    double re = signal + sigma * gaussian(random);
    double im = sigma * gaussian(random);
    return StrictMath.sqrt(re * re + im * im);
  }

  /** Box-Muller with StrictMath, so the stream does not depend on the JVM's intrinsics. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
  }
}
