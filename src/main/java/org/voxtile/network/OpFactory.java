package org.voxtile.network;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AdaptivePool3d;
import org.voxtile.ops.Add;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.Concat;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Crop;
import org.voxtile.ops.Kernel;
import org.voxtile.ops.Kernels;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Op;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.Window;

/**
 * Turns one {@link NodeSpec} into its {@link Op}: reads the op's PyTorch-named arguments (with
 * PyTorch's defaults), finds its weights (weights file first, then {@code init}), and reports
 * every unknown key, missing weight or impossible value with the node's name. The weights it
 * used are collected for {@code --save-weights}.
 */
final class OpFactory {
  /**
   * Most weights one tensor may have: 2^25 floats (128 MiB), more than four times the largest 3D
   * convolution in common use (512 x 512 x 3^3 = 7 M), so a typo such as {@code out_channels:
   * 1000000000} or {@code sigma: 1e8} is refused before anything is allocated.
   */
  static final long MAX_WEIGHTS = 1L << 25;

  private final NodeSpec node;
  private final ArgReader args;
  private final WeightBinder binder;
  private final int[] inChannels;
  private final Extent inExtent;
  private final List<Tensor> used;

  /**
   * @param binder the weights file's binder, or null when the pipeline has none
   * @param used receives the weight tensors the op was built with, in (x, y, z) order
   */
  OpFactory(NodeSpec node, WeightBinder binder, int[] inChannels, Extent inExtent, List<Tensor> used) {
    this.node = node;
    this.args = node.args().reader();
    this.binder = binder;
    this.inChannels = inChannels.clone();
    this.inExtent = inExtent;
    this.used = used;
  }

  Op create() {
    Op op = switch (node.op()) {
      case "conv3d" -> conv3d();
      case "conv_transpose3d" -> convTranspose3d();
      case "max_pool3d" -> new MaxPool3d(poolWindow(), args.bool("ceil_mode", false));
      case "avg_pool3d" -> avgPool3d();
      case "adaptive_max_pool3d" -> new AdaptivePool3d(outputSize(), PoolMode.MAX).forInput(inExtent);
      case "adaptive_avg_pool3d" -> new AdaptivePool3d(outputSize(), PoolMode.AVG).forInput(inExtent);
      case "relu" -> Activation.relu();
      case "leaky_relu" -> Activation.leakyRelu((float) args.real("negative_slope", 0.01));
      case "sigmoid" -> Activation.sigmoid();
      case "tanh" -> Activation.tanh();
      case "elu" -> Activation.elu((float) args.real("alpha", 1.0));
      case "gelu" -> {
        args.choice("approximate", "none", "none");
        yield Activation.gelu();
      }
      case "add" -> new Add();
      case "concat" -> {
        if (args.integer("dim", 1) != 1) {
          throw node.args().error("dim", "must be 1 (channels): voxtile concatenates channels only");
        }
        yield new Concat();
      }
      case "batch_norm3d" -> batchNorm3d();
      case "pad" -> pad();
      case "crop" -> new Crop(sides("crop"));
      case "instance_norm" -> new NormOpBuilder(node, args, binder, inChannels, used).instanceNorm();
      case "group_norm" -> new NormOpBuilder(node, args, binder, inChannels, used).groupNorm();
      case "normalize" -> new NormOpBuilder(node, args, binder, inChannels, used).normalize();
      default -> throw PipelineException.atNode(node.args().source(), node.name(),
          "op '" + node.op() + "' has no implementation");
    };
    args.finish(node.op());
    return op;
  }

  private int in() {
    return inChannels[0];
  }

  private Conv3d conv3d() {
    int out = args.positiveInteger("out_channels");
    int groups = groups(out);
    Optional<Kernel> builtIn = builtInKernel();
    Triple kernel = builtIn.isPresent()
        ? args.intTriple("kernel_size", 1, triple(builtIn.get().size()))
        : args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, Triple.of(1));
    Triple dilation = args.intTriple("dilation", 1, Triple.of(1));
    Triple padding = convPadding(kernel, stride, dilation);
    boolean bias = args.bool("bias", builtIn.isEmpty());
    Window window = window(kernel, stride, padding, dilation);
    long[] shape = {out, in() / groups, kernel.x(), kernel.y(), kernel.z()};
    checkWeightCount("conv3d weight (out_channels, in_channels / groups, kernel_size)", shape);
    float[][] weights = builtIn.isPresent()
        ? fixedKernelWeights(builtIn.get(), kernel, out, in() / groups, bias)
        : learned("conv3d", shape, bias, out);
    return new Conv3d(in(), out, window, groups, weights[0], weights[1]);
  }

  private ConvTranspose3d convTranspose3d() {
    int out = args.positiveInteger("out_channels");
    int groups = groups(out);
    Triple kernel = args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, Triple.of(1));
    Triple padding = args.intTriple("padding", 0, Triple.of(0));
    Triple outputPadding = args.intTriple("output_padding", 0, Triple.of(0));
    Triple dilation = args.intTriple("dilation", 1, Triple.of(1));
    boolean bias = args.bool("bias", true);
    long[] shape = {in(), out / groups, kernel.x(), kernel.y(), kernel.z()};
    checkWeightCount("conv_transpose3d weight (in_channels, out_channels / groups, kernel_size)", shape);
    float[][] weights = learned("conv_transpose3d", shape, bias, out);
    return new ConvTranspose3d(in(), out, window(kernel, stride, padding, dilation), extent(outputPadding),
        groups, weights[0], weights[1]);
  }

  private AvgPool3d avgPool3d() {
    Window window = poolWindow();
    boolean ceil = args.bool("ceil_mode", false);
    boolean includePad = args.bool("count_include_pad", true);
    Object divisor = args.raw("divisor_override");
    int override = divisor == null ? 0 : args.positiveInteger("divisor_override");
    return new AvgPool3d(window, ceil, includePad, override);
  }

  /** kernel_size, stride (default: kernel_size), padding, dilation of a pooling op. */
  private Window poolWindow() {
    Triple kernel = args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, kernel);
    Triple padding = args.intTriple("padding", 0, Triple.of(0));
    Triple dilation = node.op().equals("max_pool3d") ? args.intTriple("dilation", 1, Triple.of(1)) : Triple.of(1);
    for (int d = 0; d < 3; d++) {
      if (2 * padding.toArray()[d] > kernel.toArray()[d]) {
        throw node.args().error("padding", "must be at most half of kernel_size " + kernel + ", got " + padding
            + " (PyTorch's rule for pooling)");
      }
    }
    return window(kernel, stride, padding, dilation);
  }

  private Extent outputSize() {
    return extent(args.intTriple("output_size", 1));
  }

  private BatchNorm3d batchNorm3d() {
    int channels = in();
    if (node.args().has("num_features") && args.positiveInteger("num_features") != channels) {
      throw node.args().error("num_features", "is " + args.positiveInteger("num_features")
          + " but the input has " + channels + " channels");
    }
    double eps = args.real("eps", 1e-5);
    args.real("momentum", 0.1); // training-time only; accepted as PyTorch modules carry it
    boolean affine = args.bool("affine", true);
    if (!args.bool("track_running_stats", true)) {
      throw node.args().error("track_running_stats", "must be true: eval mode needs running statistics");
    }
    long[] shape = {channels};
    List<Tensor> start = SeededInit.batchNorm(node.name(), channels);
    float[] mean = parameter("running_mean", shape, "batch_norm3d", start.get(2));
    float[] var = parameter("running_var", shape, "batch_norm3d", start.get(3));
    float[] weight = affine ? parameter("weight", shape, "batch_norm3d", start.get(0)) : null;
    float[] bias = affine ? parameter("bias", shape, "batch_norm3d", start.get(1)) : null;
    return new BatchNorm3d(mean, var, weight, bias, (float) eps);
  }

  /** A batch-norm tensor from the weights file, else PyTorch's starting value (init or no file). */
  private float[] parameter(String role, long[] shape, String op, Tensor start) {
    Optional<Tensor> stored = binder == null ? Optional.empty() : binder.find(node.name(), role, op, shape);
    if (stored.isEmpty() && node.init().isEmpty() && binder != null) {
      throw new WeightsException("node '" + node.name() + "': weight tensor '" + node.name() + "." + role
          + "' missing from the weights file (or give the node init: {seed: N} for PyTorch's starting values)");
    }
    Tensor t = stored.orElse(start);
    used.add(t);
    return t.data();
  }

  private Pad pad() {
    Halo amount = sides("pad");
    String mode = args.choice("mode", "constant", "constant", "replicate");
    float value = (float) args.real("value", 0.0);
    Pad.Mode m = mode.equals("constant") ? Pad.Mode.CONSTANT : Pad.Mode.REPLICATE;
    if (m == Pad.Mode.REPLICATE && value != 0) {
      throw node.args().error("value", "only applies to mode constant");
    }
    return new Pad(amount, m, value).forInput(inExtent);
  }

  /**
   * Per-side amounts: one number (every side), 3 numbers (both sides of each axis, in the
   * pipeline's axes order), or 6 numbers in torch.nn.functional.pad's order, last tensor axis
   * first: (z0, z1, y0, y1, x0, x1) under axes xyz, (x0, x1, y0, y1, z0, z1) under axes zyx.
   */
  private Halo sides(String key) {
    Object raw = args.raw(key);
    if (raw instanceof List<?> list && list.size() == 6) {
      List<Integer> v = args.intList(key, 6, 0);
      // reversed pairs give the file's axes order, which toXyz turns into (x, y, z)
      Triple lower = node.args().axes().toXyz(v.get(4), v.get(2), v.get(0));
      Triple upper = node.args().axes().toXyz(v.get(5), v.get(3), v.get(1));
      return new Halo(extent(lower), extent(upper));
    }
    Triple both = args.intTriple(key, 0);
    return Halo.symmetric(extent(both));
  }

  /** PyTorch's padding: a number, a list of 3, 'valid' (0) or 'same' (stride 1, odd spans only). */
  private Triple convPadding(Triple kernel, Triple stride, Triple dilation) {
    Object raw = args.raw("padding");
    if (!(raw instanceof String text)) {
      return args.intTriple("padding", 0, Triple.of(0));
    }
    String mode = args.choice("padding", "valid", "valid", "same");
    if (mode.equals("valid")) {
      return Triple.of(0);
    }
    int[] k = kernel.toArray();
    int[] d = dilation.toArray();
    int[] p = new int[3];
    for (int a = 0; a < 3; a++) {
      int total = d[a] * (k[a] - 1);
      if (stride.toArray()[a] != 1 || total % 2 != 0) {
        throw node.args().error("padding", "'same' needs stride 1 and an odd dilated kernel span here;"
            + " PyTorch would pad asymmetrically: use a pad node and padding: 0");
      }
      p[a] = total / 2;
    }
    return new Triple(p[0], p[1], p[2]);
  }

  /** groups, checked against in_channels (inferred, or given and checked) and out_channels. */
  private int groups(int out) {
    int groups = args.positiveInteger("groups", 1);
    checkInChannels();
    if (in() % groups != 0 || out % groups != 0) {
      throw node.args().error("groups", "must divide in_channels " + in() + " and out_channels " + out
          + ", got " + groups);
    }
    return groups;
  }

  private void checkInChannels() {
    if (node.args().has("in_channels") && args.positiveInteger("in_channels") != in()) {
      throw node.args().error("in_channels", "is " + args.positiveInteger("in_channels")
          + " but the input has " + in() + " channels");
    }
  }

  /** Weight and bias from the weights file, else from {@code init: {seed: N}}; else an error. */
  private float[][] learned(String op, long[] weightShape, boolean bias, long outChannels) {
    Optional<Tensor> weight = binder == null ? Optional.empty() : binder.find(node.name(), "weight", op, weightShape);
    if (weight.isPresent()) {
      Tensor b = bias ? binder.require(node.name(), "bias", op, outChannels) : null;
      used.add(weight.get());
      if (b != null) {
        used.add(b);
      }
      return new float[][] {weight.get().data(), b == null ? null : b.data()};
    }
    if (node.init().isPresent() && node.init().get().isSeeded()) {
      List<Tensor> init = SeededInit.conv(node.name(), node.init().get().seed().getAsLong(), weightShape, bias,
          outChannels);
      used.addAll(init);
      return new float[][] {init.get(0).data(), bias ? init.get(1).data() : null};
    }
    throw new WeightsException(node.args().source() + ": node '" + node.name() + "': no weights: tensor '"
        + node.name() + ".weight' " + (binder == null ? "needs a weights file (weights: in the pipeline or --weights)"
            : "is missing from " + binder.source())
        + ", or give the node init: {seed: N} or a built-in kernel");
  }

  /** Refuses a tensor of more than {@link #MAX_WEIGHTS} elements; {@code what} says what it is. */
  private void checkWeightCount(String what, long... shape) {
    long count = 1;
    for (long extent : shape) {
      count = extent > 0 && count > MAX_WEIGHTS / extent ? MAX_WEIGHTS + 1 : count * extent;
    }
    if (count > MAX_WEIGHTS) {
      throw PipelineException.atNode(node.args().source(), node.name(), what + " of shape "
          + Arrays.toString(shape) + " has more than the " + MAX_WEIGHTS + " elements one tensor may have");
    }
  }

  /** The built-in kernel of {@code init: {kernel: ...}}, or empty. */
  private Optional<Kernel> builtInKernel() {
    if (node.init().isEmpty() || node.init().get().isSeeded()) {
      return Optional.empty();
    }
    InitSpec init = node.init().get();
    ArgReader params = init.params().reader();
    String name = init.kernel().get();
    Object sizeArg = args.raw("kernel_size");
    if (sizeArg != null) {
      Triple size = args.intTriple("kernel_size", 1);
      checkWeightCount("the " + name + " kernel (kernel_size)", size.x(), size.y(), size.z());
    }
    Kernel kernel = switch (name) {
      case "gaussian" -> gaussian(params, sizeArg == null ? null : args.intTriple("kernel_size", 1));
      case "sobel" -> Kernels.sobel(axis(params));
      case "prewitt" -> Kernels.prewitt(axis(params));
      case "edge" -> Kernels.edge(axis(params));
      case "laplacian" -> Kernels.laplacian();
      case "box" -> Kernels.box(extent(args.intTriple("kernel_size", 1, Triple.of(3))));
      case "identity" -> Kernels.identity(args.intTriple("kernel_size", 1, Triple.of(1)).x());
      default -> throw init.params().error("kernel", "unknown built-in kernel '" + name
          + "'; one of gaussian, sobel, prewitt, edge, laplacian, box, identity");
    };
    params.finish(name + " kernel");
    return Optional.of(kernel);
  }

  /**
   * scipy's gaussian: sigma per axis, truncate (default 4.0). With a kernel_size on the node and
   * no truncate, the kernel is cut to that size (radius (k - 1) / 2), so {@code kernel_size: 3,
   * init: {kernel: gaussian, sigma: 1.0}} is the 3x3x3 gaussian a user means.
   */
  private Kernel gaussian(ArgReader params, Triple size) {
    Object sigmaArg = params.raw("sigma");
    double[] sigma;
    if (sigmaArg instanceof List<?> list && list.size() == 3 && list.stream().allMatch(v -> v instanceof Number)) {
      double[] file = list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
      sigma = node.args().axes() == Axes.XYZ ? file : new double[] {file[2], file[1], file[0]};
    } else {
      double s = params.real("sigma");
      sigma = new double[] {s, s, s};
    }
    for (double s : sigma) {
      if (!(s >= 0)) {
        throw node.args().error("init.sigma", "must be >= 0, got " + s);
      }
    }
    Object truncateArg = params.raw("truncate");
    if (truncateArg != null || size == null) {
      double truncate = params.real("truncate", Kernels.TRUNCATE);
      long[] sides = new long[3];
      for (int a = 0; a < 3; a++) {
        // scipy's radius int(truncate * sigma + 0.5), checked before the kernel is allocated
        double radius = Math.floor(truncate * sigma[a] + 0.5);
        sides[a] = radius < 0x1p60 ? 2 * (long) radius + 1 : Long.MAX_VALUE;
      }
      checkWeightCount("the gaussian kernel (radius truncate * sigma = " + truncate + " * "
          + Arrays.toString(sigma) + ")", sides);
      return Kernels.gaussian(sigma[0], sigma[1], sigma[2], truncate);
    }
    int[] k = size.toArray();
    if (k[0] % 2 == 0 || k[1] % 2 == 0 || k[2] % 2 == 0) {
      throw node.args().error("kernel_size", "must be odd for a gaussian kernel, got " + size);
    }
    double radius = (k[0] - 1) / 2.0;
    boolean isotropic = sigma[0] == sigma[1] && sigma[1] == sigma[2] && k[0] == k[1] && k[1] == k[2];
    if (!isotropic) {
      throw node.args().error("kernel_size", "with per-axis sigma or size give init.truncate "
          + "(the radius is int(truncate * sigma + 0.5) per axis) instead of kernel_size");
    }
    // int(truncate * sigma + 0.5) == radius for truncate = radius / sigma
    return Kernels.gaussian(sigma[0], sigma[1], sigma[2], sigma[0] == 0 ? 0 : radius / sigma[0]);
  }

  private int axis(ArgReader params) {
    Object raw = params.raw("axis");
    if (raw instanceof String s) {
      int a = "xyz".indexOf(s.toLowerCase(Locale.ROOT));
      if (s.length() == 1 && a >= 0) {
        return a;
      }
    } else if (raw instanceof Number n && n.intValue() >= 0 && n.intValue() < 3 && n.doubleValue() == n.intValue()) {
      // numeric axes count in the pipeline's axes order
      return node.args().axes() == Axes.XYZ ? n.intValue() : 2 - n.intValue();
    }
    throw node.args().error("init.axis", "must be x, y or z, got " + raw);
  }

  /** A fixed kernel as conv3d weights: each output channel filters its one input channel. */
  private float[][] fixedKernelWeights(Kernel kernel, Triple size, int out, int inPerGroup, boolean bias) {
    if (!triple(kernel.size()).equals(size)) {
      throw node.args().error("kernel_size", "is " + size + " but the " + node.init().get().kernel().get()
          + " kernel is " + triple(kernel.size()));
    }
    if (inPerGroup != 1) {
      throw node.args().error("groups", "must equal in_channels (" + in() + ") for a built-in kernel, so that "
          + "each output channel filters one input channel (depthwise)");
    }
    long[] shape = {out, 1, size.x(), size.y(), size.z()};
    Optional<Tensor> stored = binder == null ? Optional.empty() : binder.find(node.name(), "weight", "conv3d", shape);
    if (stored.isPresent()) {
      // the weights file comes first, as for learned weights, so a --save-weights file reloads
      Tensor b = bias ? binder.require(node.name(), "bias", "conv3d", out) : null;
      used.add(stored.get());
      if (b != null) {
        used.add(b);
      }
      return new float[][] {stored.get().data(), b == null ? null : b.data()};
    }
    float[] weight = kernel.depthwiseWeight(out);
    Tensor w = Tensor.of(node.name() + ".weight", shape, weight);
    used.add(w);
    float[] b = null;
    if (bias) {
      b = new float[out];
      used.add(Tensor.of(node.name() + ".bias", new long[] {out}, b));
    }
    return new float[][] {weight, b};
  }

  private static Window window(Triple kernel, Triple stride, Triple padding, Triple dilation) {
    return new Window(extent(kernel), extent(stride), extent(padding), extent(dilation));
  }

  private static Extent extent(Triple t) {
    return new Extent(t.x(), t.y(), t.z());
  }

  private static Triple triple(Extent e) {
    return new Triple((int) e.x(), (int) e.y(), (int) e.z());
  }
}
