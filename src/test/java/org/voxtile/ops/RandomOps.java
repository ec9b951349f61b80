package org.voxtile.ops;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.geometry.Index3;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Affine;
import org.voxtile.volume.AxisOrientation;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * Seeded random ops, inputs and boxes for the property tests. {@link #GENERATORS} makes a random
 * op of every name in the op registry; a registered op without a generator fails
 * {@code SubBoxContractTest}.
 */
final class RandomOps {
  /** Makes a random op for an input of {@code channels} channels and extent {@code input}. */
  @FunctionalInterface
  interface Generator {
    Op make(RandomOps random, int channels, Extent input);
  }

  /** A generator per registered op name. */
  static final Map<String, Generator> GENERATORS = Map.ofEntries(
      Map.entry("conv3d", (r, c, e) -> r.conv3d(c)),
      Map.entry("conv_transpose3d", (r, c, e) -> r.convTranspose3d(c)),
      Map.entry("max_pool3d", (r, c, e) -> r.maxPool3d()),
      Map.entry("avg_pool3d", (r, c, e) -> r.avgPool3d()),
      Map.entry("adaptive_max_pool3d", (r, c, e) -> new AdaptivePool3d(r.extent(1, 5), PoolMode.MAX).forInput(e)),
      Map.entry("adaptive_avg_pool3d", (r, c, e) -> new AdaptivePool3d(r.extent(1, 5), PoolMode.AVG).forInput(e)),
      Map.entry("batch_norm3d", (r, c, e) -> new BatchNorm3d(r.floats(c), new float[c], r.floats(c), r.floats(c),
          1e-5f)),
      Map.entry("relu", (r, c, e) -> Activation.relu().withThreads(r.between(1, 3))),
      Map.entry("leaky_relu", (r, c, e) -> Activation.leakyRelu(0.2f)),
      Map.entry("sigmoid", (r, c, e) -> Activation.sigmoid().withThreads(r.between(1, 3))),
      Map.entry("tanh", (r, c, e) -> Activation.tanh()),
      Map.entry("elu", (r, c, e) -> Activation.elu(0.7f)),
      Map.entry("gelu", (r, c, e) -> Activation.gelu().withThreads(r.between(1, 3))),
      Map.entry("prelu", (r, c, e) -> new PRelu(r.floats(r.random.nextBoolean() ? 1 : c))),
      Map.entry("clamp", (r, c, e) -> new Clamp(-0.5f, r.random.nextBoolean() ? 0.5f : Float.POSITIVE_INFINITY)),
      Map.entry("softmax", (r, c, e) -> ChannelSoftmax.softmax()),
      Map.entry("log_softmax", (r, c, e) -> ChannelSoftmax.logSoftmax()),
      Map.entry("argmax", (r, c, e) -> new Argmax()),
      Map.entry("local_response_norm", (r, c, e) -> new LocalResponseNorm(r.between(1, 5), 0.5, 0.75, 1.0)),
      Map.entry("dropout", (r, c, e) -> new Dropout("dropout", 0.5)),
      Map.entry("dropout3d", (r, c, e) -> new Dropout("dropout3d", 0.2)),
      Map.entry("alpha_dropout", (r, c, e) -> new Dropout("alpha_dropout", 0.1)),
      Map.entry("mul", (r, c, e) -> new Mul()),
      Map.entry("add", (r, c, e) -> new Add()),
      Map.entry("concat", (r, c, e) -> new Concat()),
      Map.entry("pad", (r, c, e) -> r.pad(e)),
      Map.entry("crop", (r, c, e) -> r.crop(e)),
      Map.entry("interpolate", (r, c, e) -> r.interpolate(e)),
      // global ops are checked bound to statistics of a random whole map: the local op a staged
      // plan computes tile by tile (the staged plan itself: tiling.StagedTiledEqualsWholeTest)
      Map.entry("instance_norm", (r, c, e) -> r.bound(GroupNorm.instanceNorm(c, 1e-5, r.floats(c), r.floats(c)), c, e)),
      Map.entry("group_norm", (r, c, e) -> r.bound(new GroupNorm(r.random.nextBoolean() ? 1 : c, c, 1e-5,
          null, null), c, e)),
      Map.entry("normalize", (r, c, e) -> r.bound(new Normalize(Normalize.Method.ZSCORE, c,
          r.random.nextBoolean() ? MaskedVoxels.Rule.ALL : MaskedVoxels.Rule.NONZERO, null, 0, 0, false), c, e)),
      Map.entry("reorient", (r, c, e) -> Reorient.to(r.grid(e), AxisOrientation.parse(
          new String[] {"RAS", "LPS", "ASL", "PIR", "ILA"}[r.between(0, 4)]))),
      Map.entry("resample", (r, c, e) -> Resample.toSpacing(r.grid(e), new double[] {0.5 + r.between(0, 6) * 0.25,
          0.7, 1.3 + r.between(0, 2) * 0.5}, r.between(0, 1), 0, 1L << 40)),
      Map.entry("crop_to", (r, c, e) -> new CropTo(r.grid(e), r.boxIn(Box.of(e)))),
      Map.entry("pad_to", (r, c, e) -> new PadTo(r.grid(e), Extent.of(Math.max(1, e.x() - 2 + r.between(0, 5)),
          Math.max(1, e.y() - 2 + r.between(0, 5)), Math.max(1, e.z() - 2 + r.between(0, 5))),
          r.random.nextBoolean() ? Pad.Mode.REPLICATE : Pad.Mode.CONSTANT, 0)),
      Map.entry("mask", (r, c, e) -> new Mask()));

  private final Random random;

  RandomOps(long seed) {
    random = new Random(seed);
  }

  /** A grid of extent {@code e}: 1 to 2 mm voxels along permuted, flipped axes, tilted 20 degrees about x. */
  Grid grid(Extent e) {
    double c = Math.cos(Math.toRadians(20));
    double s = Math.sin(Math.toRadians(20));
    Affine axes = Affine.ofRowMajor(0, -1.5, 0, 10, 0, 0, 2, -5, 1, 0, 0, 3, 0, 0, 0, 1);
    Affine tilt = Affine.ofRowMajor(1, 0, 0, 0, 0, c, -s, 0, 0, s, c, 0, 0, 0, 0, 1);
    return new Grid(e, random.nextBoolean() ? tilt.multiply(axes) : axes);
  }

  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  Extent extent(int low, int high) {
    return Extent.of(between(low, high), between(low, high), between(low, high));
  }

  float[] floats(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** {@code op} bound to the exact statistics of a random map of {@code extent}. */
  Op bound(GlobalOp op, int channels, Extent extent) {
    Volume map = volume(extent, channels);
    Statistics known = Statistics.NONE;
    for (int pass = 0; pass < op.passes(); pass++) {
      known = known.then(op.reduce(pass, List.of(map), Box.of(extent), known));
    }
    return op.bind(known);
  }

  Volume volume(Extent extent, int channels) {
    return Volume.wrap(Box.of(extent), channels,
        floats(Math.toIntExact(extent.voxelCount() * channels)));
  }

  Window window(int maxKernel, int maxStride, int maxDilation) {
    Extent k = extent(1, maxKernel);
    Extent p = Extent.of(between(0, 4), between(0, 4), between(0, 4));
    return new Window(k, extent(1, maxStride), p, extent(1, maxDilation));
  }

  /** A random conv3d for {@code inChannels} (groups 1, depthwise or a divisor). */
  Conv3d conv3d(int inChannels) {
    int groups = pickGroups(inChannels);
    int outChannels = groups * between(1, Math.max(1, 13 / groups));
    Window w = window(4, 3, 3);
    int n = outChannels * (inChannels / groups) * w.taps();
    return new Conv3d(inChannels, outChannels, w, groups, floats(n),
        random.nextBoolean() ? floats(outChannels) : null);
  }

  ConvTranspose3d convTranspose3d(int inChannels) {
    int groups = pickGroups(inChannels);
    int outChannels = groups * between(1, Math.max(1, 13 / groups));
    Window w = window(4, 3, 3);
    long[] op = new long[3];
    for (int d = 0; d < 3; d++) {
      op[d] = random.nextInt(Math.max(w.stride(d), w.dilation(d)));
    }
    int n = inChannels * (outChannels / groups) * w.taps();
    return new ConvTranspose3d(inChannels, outChannels, w, Extent.of(op[0], op[1], op[2]), groups,
        floats(n), floats(outChannels));
  }

  private int pickGroups(int inChannels) {
    List<Integer> divisors = new ArrayList<>();
    for (int g = 1; g <= inChannels; g++) {
      if (inChannels % g == 0) {
        divisors.add(g);
      }
    }
    return divisors.get(random.nextInt(divisors.size()));
  }

  /** A random max pooling, padding at most half its kernel. */
  MaxPool3d maxPool3d() {
    Extent k = extent(1, 4);
    return new MaxPool3d(new Window(k, extent(1, 3), poolPadding(k), extent(1, 3)), random.nextBoolean())
        .withThreads(between(1, 3));
  }

  /** A random average pooling, padding at most half its kernel, sometimes with a divisor override. */
  AvgPool3d avgPool3d() {
    Extent k = extent(1, 4);
    return new AvgPool3d(new Window(k, extent(1, 3), poolPadding(k), Extent.cube(1)), random.nextBoolean(),
        random.nextBoolean(), random.nextInt(4) == 0 ? between(1, 9) : 0).withThreads(between(1, 3));
  }

  private Extent poolPadding(Extent k) {
    return Extent.of(between(0, (int) k.x() / 2), between(0, (int) k.y() / 2), between(0, (int) k.z() / 2));
  }

  /** A random pad of 0-3 per side, constant (any value) or replicate. */
  Pad pad(Extent input) {
    boolean replicate = random.nextBoolean();
    return new Pad(new Halo(extent(0, 3), extent(0, 3)), replicate ? Pad.Mode.REPLICATE : Pad.Mode.CONSTANT,
        replicate ? 0 : (float) random.nextGaussian()).forInput(input);
  }

  /** A random crop leaving at least one voxel per axis of {@code input}. */
  Crop crop(Extent input) {
    long[] low = new long[3];
    long[] high = new long[3];
    for (int d = 0; d < 3; d++) {
      long spare = input.get(d) - 1;
      low[d] = random.nextLong(spare + 1);
      high[d] = random.nextLong(spare - low[d] + 1);
    }
    return new Crop(new Halo(Extent.of(low[0], low[1], low[2]), Extent.of(high[0], high[1], high[2])));
  }

  /** Scale factors of real decoders and fractional ones; 0.33 and 1.1 give out == in on small axes. */
  private static final double[] SCALES = {2, 1.5, 0.5, 0.7, 1.1, 1.3, 2.5, 0.33, 3, 1};

  /**
   * A random interpolate of {@code input}: every mode, align_corners, a scale factor (one or per
   * axis, sometimes recomputed) or a size of any ratio.
   */
  Interpolate interpolate(Extent input) {
    Interpolate.Mode mode = Interpolate.Mode.values()[random.nextInt(3)];
    boolean align = mode == Interpolate.Mode.TRILINEAR && random.nextBoolean();
    if (random.nextInt(3) == 0) {
      return Interpolate.toSize(extent(1, 13), mode, align).forInput(input);
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

  /** A random box inside {@code box}: sometimes one voxel, sometimes touching its borders. */
  Box boxIn(Box box) {
    long[] min = new long[3];
    long[] max = new long[3];
    boolean single = random.nextInt(5) == 0;
    for (int d = 0; d < 3; d++) {
      long n = box.max(d) - box.min(d);
      long a = box.min(d) + random.nextLong(n);
      long b = single ? a + 1 : box.min(d) + random.nextLong(n) + 1;
      if (random.nextInt(4) == 0) {
        a = box.min(d);
      }
      if (random.nextInt(4) == 0) {
        b = box.max(d);
      }
      min[d] = Math.min(a, b - 1);
      max[d] = Math.max(a + 1, b);
    }
    return new Box(new Index3(min[0], min[1], min[2]), new Index3(max[0], max[1], max[2]));
  }
}
