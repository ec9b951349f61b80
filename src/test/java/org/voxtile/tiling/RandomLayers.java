package org.voxtile.tiling;

import java.util.Random;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.Clamp;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Dropout;
import org.voxtile.ops.Interpolate;
import org.voxtile.ops.LocalResponseNorm;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Op;
import org.voxtile.ops.PRelu;
import org.voxtile.ops.Window;

/** Seeded random single ops for {@link RandomNetworks}: convolutions, pools, pointwise ops and their weights. */
final class RandomLayers {
  private final Random random;

  RandomLayers(Random random) {
    this.random = random;
  }

  Conv3d conv(int in) {
    int groups = random.nextInt(3) == 0 ? in : 1;
    int out = groups * (1 + random.nextInt(groups == 1 ? 3 : 2));
    Extent k = extent(1, 4);
    Extent s = extent(1, 3);
    Extent dil = random.nextInt(3) == 0 ? extent(1, 2) : Extent.cube(1);
    Extent p = extent(0, 3);
    return conv(in, out, groups, new Window(k, s, p, dil));
  }

  /** A 'same' convolution: odd kernel, stride 1, padding d (k - 1) / 2. */
  Conv3d sameConv(int in, int out) {
    long k = 1 + 2 * random.nextInt(2);
    long d = 1 + random.nextInt(2);
    return conv(in, out, 1, new Window(Extent.cube(k), Extent.cube(1), Extent.cube(d * (k - 1) / 2), Extent.cube(d)));
  }

  Conv3d stridedConv(int in) {
    return conv(in, in, 1, new Window(Extent.cube(3), Extent.cube(2), Extent.cube(1), Extent.cube(1)));
  }

  Conv3d conv(int in, int out, int groups, Window w) {
    int fan = (in / groups) * w.taps();
    return new Conv3d(in, out, w, groups, weights(out * fan, fan), random.nextBoolean() ? weights(out, fan) : null);
  }

  Op transposed(int in) {
    int out = 1 + random.nextInt(3);
    Window w = new Window(extent(1, 3), extent(1, 3), extent(0, 1), random.nextInt(3) == 0 ? extent(1, 2) : Extent.cube(1));
    long[] op = new long[3];
    for (int d = 0; d < 3; d++) {
      op[d] = random.nextInt(Math.max(w.stride(d), w.dilation(d)));
    }
    int fan = in * w.taps();
    return new ConvTranspose3d(in, out, w, Extent.of(op[0], op[1], op[2]), 1, weights(in * out * w.taps(), fan),
        weights(out, fan));
  }

  /** Scale factors of real decoders and fractional ones (0.7 and 1.3 have no whole period below 7). */
  private static final double[] SCALES = {2, 2, 1.5, 0.5, 0.7, 1.3, 2.5, 3, 1};

  /** A random interpolate of {@code input}: a scale factor (one or per axis) or a size; every mode. */
  Interpolate interpolate(Extent input) {
    Interpolate.Mode mode = Interpolate.Mode.values()[random.nextInt(3)];
    boolean align = mode == Interpolate.Mode.TRILINEAR && random.nextBoolean();
    if (random.nextInt(4) == 0) {
      return Interpolate.toSize(extent(1, 12), mode, align).forInput(input);
    }
    double[] scale = new double[3];
    for (int d = 0; d < 3; d++) {
      scale[d] = SCALES[random.nextInt(SCALES.length)];
    }
    if (random.nextBoolean()) {
      scale[1] = scale[0];
      scale[2] = scale[0];
    }
    return Interpolate.byScale(scale, mode, align, random.nextInt(4) == 0).forInput(input);
  }

  /** The decoder's upsampling by 2, trilinear or nearest. */
  Interpolate upsampleBy2(Extent input) {
    Interpolate.Mode mode = random.nextBoolean() ? Interpolate.Mode.TRILINEAR : Interpolate.Mode.NEAREST;
    return Interpolate.byScale(new double[] {2, 2, 2}, mode, false, false).forInput(input);
  }

  Op pool() {
    return random.nextBoolean() ? maxPool() : avgPool();
  }

  Op maxPool() {
    Extent k = extent(1, 3);
    return new MaxPool3d(new Window(k, extent(1, 3), poolPadding(k),
        random.nextInt(3) == 0 ? extent(1, 2) : Extent.cube(1)), random.nextBoolean());
  }

  Op avgPool() {
    Extent k = extent(1, 3);
    return new AvgPool3d(new Window(k, extent(1, 3), poolPadding(k), Extent.cube(1)), random.nextBoolean(),
        random.nextBoolean(), random.nextInt(4) == 0 ? between(1, 9) : 0);
  }

  Extent poolPadding(Extent k) {
    return Extent.of(between(0, (int) k.x() / 2), between(0, (int) k.y() / 2), between(0, (int) k.z() / 2));
  }

  Op pointwise(int c) {
    return switch (random.nextInt(4)) {
      case 0 -> Activation.relu();
      case 1 -> Activation.sigmoid();
      case 2 -> Activation.leakyRelu(0.1f);
      default -> batchNorm(c);
    };
  }

  Op batchNorm(int c) {
    return new BatchNorm3d(floats(c, 0.5f), positive(c), floats(c, 1f), floats(c, 0.5f), 1e-5f);
  }

  /** One slope for all channels or one per channel, some negative as training leaves them. */
  PRelu prelu(int c) {
    return new PRelu(floats(random.nextBoolean() ? 1 : c, 0.5f));
  }

  /** Lower, upper or both bounds, sometimes equal. */
  Clamp clamp() {
    float low = (float) random.nextGaussian() * 0.5f;
    float high = random.nextInt(5) == 0 ? low : low + random.nextFloat();
    return switch (random.nextInt(3)) {
      case 0 -> new Clamp(low, Float.POSITIVE_INFINITY);
      case 1 -> new Clamp(Float.NEGATIVE_INFINITY, high);
      default -> new Clamp(low, high);
    };
  }

  /** A window of 1 to 5 channels (even ones pad unevenly), AlexNet's or a strong alpha. */
  LocalResponseNorm localResponseNorm() {
    return new LocalResponseNorm(between(1, 5), random.nextBoolean() ? 1e-4 : 0.5, random.nextBoolean() ? 0.75 : 1.5,
        random.nextBoolean() ? 1.0 : 2.0);
  }

  Dropout dropout(String kind) {
    return new Dropout(kind, random.nextDouble());
  }

  float[] weights(int n, int fan) {
    return floats(n, (float) (1 / Math.sqrt(Math.max(1, fan))));
  }

  float[] floats(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }

  float[] positive(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + random.nextFloat();
    }
    return v;
  }

  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  Extent extent(int low, int high) {
    return Extent.of(between(low, high), between(low, high), between(low, high));
  }
}
