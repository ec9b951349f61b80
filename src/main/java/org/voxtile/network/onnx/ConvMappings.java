package org.voxtile.network.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.network.weights.Tensor;

/**
 * The sliding-window ONNX ops: Conv, ConvTranspose, MaxPool, AveragePool and the global pools,
 * to {@code conv3d}, {@code conv_transpose3d}, {@code max_pool3d}, {@code avg_pool3d} and
 * {@code adaptive_*_pool3d}. ONNX's spatial axes (D, H, W) are voxtile's (x, y, z), so kernel
 * shapes, strides, pads and weights carry over unchanged; asymmetric pads become a {@code pad}
 * node before a convolution (or a {@code crop} after a transposed one), as PyTorch code would.
 */
final class ConvMappings {
  private static final int[] ONES = {1, 1, 1};

  private ConvMappings() {}

  static void conv(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long[] w = weightShape(s, n, "(out_channels, in_channels / group, kx, ky, kz)");
    int group = group(n);
    int[] kernel = kernel(n, w);
    int[] strides = n.spatial("strides", 1, ONES);
    int[] dilations = n.spatial("dilations", 1, ONES);
    int in = s.channels(x);
    if (in > 0 && in != w[1] * group) {
      throw n.error("weight '" + n.input(1) + "' has dims " + Arrays.toString(w) + ", which with group " + group
          + " reads " + w[1] * group + " channels, but its input has " + in);
    }
    if (w[0] % group != 0) {
      throw n.error("group " + group + " does not divide the weight's " + w[0] + " output channels");
    }
    int[] pads = convPads(n, kernel, strides, dilations);
    String name = s.nameFor(n, n.proto().getOutput(0));
    if (!symmetric(pads)) {
      x = s.emit(n, s.freshName(name + ".pad"), "pad", List.of(x), Map.of("pad", torchOrder(pads)), Map.of(), in);
      pads = new int[6];
    }
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("out_channels", (int) w[0]);
    args.put("kernel_size", tuple(kernel));
    putUnlessDefault(args, "stride", strides, 1);
    putUnlessDefault(args, "padding", Arrays.copyOf(pads, 3), 0);
    putUnlessDefault(args, "dilation", dilations, 1);
    if (group != 1) {
      args.put("groups", group);
    }
    Map<String, Tensor> weights = weightAndBias(s, n, w, w[0], args);
    s.bind(n.proto().getOutput(0), s.emit(n, name, "conv3d", List.of(x), args, weights, (int) w[0]), (int) w[0]);
  }

  static void convTranspose(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long[] w = weightShape(s, n, "(in_channels, out_channels / group, kx, ky, kz)");
    int group = group(n);
    int[] kernel = kernel(n, w);
    int[] strides = n.spatial("strides", 1, ONES);
    int[] dilations = n.spatial("dilations", 1, ONES);
    int[] outputPadding = n.spatial("output_padding", 0, new int[3]);
    int in = s.channels(x);
    if (in > 0 && in != w[0]) {
      throw n.error("weight '" + n.input(1) + "' has dims " + Arrays.toString(w) + " for " + w[0]
          + " input channels, but its input has " + in);
    }
    if (n.has("output_shape")) {
      throw n.error("output_shape is not supported: export with pads and output_padding (torch does)");
    }
    String autoPad = n.text("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw n.error("auto_pad " + autoPad + " is not supported: export with explicit pads (torch does)");
    }
    int[] pads = autoPad.equals("VALID") ? new int[6] : n.pads();
    for (int p : pads) {
      if (p < 0) {
        throw n.error("negative pads " + Arrays.toString(pads));
      }
    }
    int out = (int) (w[1] * group);
    String name = s.nameFor(n, n.proto().getOutput(0));
    boolean cropAfter = !symmetric(pads);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("out_channels", out);
    args.put("kernel_size", tuple(kernel));
    putUnlessDefault(args, "stride", strides, 1);
    putUnlessDefault(args, "padding", cropAfter ? new int[3] : Arrays.copyOf(pads, 3), 0);
    putUnlessDefault(args, "output_padding", outputPadding, 0);
    putUnlessDefault(args, "dilation", dilations, 1);
    if (group != 1) {
      args.put("groups", group);
    }
    Map<String, Tensor> weights = weightAndBias(s, n, w, out, args);
    String node = s.emit(n, cropAfter ? s.freshName(name + ".full") : name, "conv_transpose3d", List.of(x), args,
        weights, out);
    if (cropAfter) {
      node = s.emit(n, name, "crop", List.of(node), Map.of("crop", torchOrder(pads)), Map.of(), out);
    }
    s.bind(n.proto().getOutput(0), node, out);
  }

  /** MaxPool and AveragePool. */
  static void pool(ImportState s, OnnxNode n, boolean max) {
    String x = s.data(n, n.input(0));
    if (n.proto().getOutputCount() > 1 && !n.proto().getOutput(1).isEmpty()
        && (!s.graph.consumers(n.proto().getOutput(1)).isEmpty() || s.graph.isOutput(n.proto().getOutput(1)))) {
      throw n.error("its Indices output is used; voxtile's max pooling gives values only");
    }
    int[] kernel = n.spatial("kernel_shape", 1, null);
    if (kernel == null) {
      throw n.error("kernel_shape missing");
    }
    int[] strides = n.spatial("strides", 1, ONES);
    int[] dilations = n.spatial("dilations", 1, ONES);
    String autoPad = n.text("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw n.error("auto_pad " + autoPad + " is not supported: export with explicit pads (torch does)");
    }
    int[] pads = autoPad.equals("VALID") ? new int[6] : n.pads();
    if (!symmetric(pads)) {
      throw n.error("asymmetric pads " + Arrays.toString(pads) + " are not supported for pooling (PyTorch pads"
          + " both sides alike)");
    }
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("kernel_size", tuple(kernel));
    args.put("stride", tuple(strides)); // ONNX's default stride is 1, PyTorch's the kernel: always written
    putUnlessDefault(args, "padding", Arrays.copyOf(pads, 3), 0);
    if (max) {
      putUnlessDefault(args, "dilation", dilations, 1);
    } else if (!Arrays.equals(dilations, ONES)) {
      throw n.error("dilations " + Arrays.toString(dilations) + ": PyTorch's average pooling has none");
    }
    if (n.integer("ceil_mode", 0) != 0) {
      args.put("ceil_mode", true);
    }
    if (!max) {
      args.put("count_include_pad", n.integer("count_include_pad", 0) != 0);
    }
    String node = s.emit(n, s.nameFor(n, n.proto().getOutput(0)), max ? "max_pool3d" : "avg_pool3d", List.of(x),
        args, Map.of(), s.channels(x));
    s.bind(n.proto().getOutput(0), node, s.channels(x));
  }

  /** GlobalMaxPool and GlobalAveragePool: an adaptive pool to one voxel. */
  static void globalPool(ImportState s, OnnxNode n, boolean max) {
    String x = s.data(n, n.input(0));
    String node = s.emit(n, s.nameFor(n, n.proto().getOutput(0)), max ? "adaptive_max_pool3d"
        : "adaptive_avg_pool3d", List.of(x), Map.of("output_size", 1), Map.of(), s.channels(x));
    s.bind(n.proto().getOutput(0), node, s.channels(x));
  }

  private static long[] weightShape(ImportState s, OnnxNode n, String layout) {
    long[] w = s.shape(n, n.input(1), "weight");
    s.floats(n, n.input(1), -1, "weight"); // dims against the data first: the clearer message
    if (w.length != 5) {
      throw n.error("weight '" + n.input(1) + "' has dims " + Arrays.toString(w) + "; a 3D convolution's weight"
          + " has 5: " + layout);
    }
    for (long d : w) {
      if (d < 1 || d > 1 << 20) {
        throw n.error("weight '" + n.input(1) + "' has dims " + Arrays.toString(w) + ", out of range");
      }
    }
    return w;
  }

  private static int group(OnnxNode n) {
    long group = n.integer("group", 1);
    if (group < 1 || group > 1 << 20) {
      throw n.error("group " + group + " is out of range");
    }
    return (int) group;
  }

  private static int[] kernel(OnnxNode n, long[] w) {
    int[] fromWeight = {(int) w[2], (int) w[3], (int) w[4]};
    int[] kernel = n.spatial("kernel_shape", 1, fromWeight);
    if (!Arrays.equals(kernel, fromWeight)) {
      throw n.error("kernel_shape " + Arrays.toString(kernel) + " disagrees with the weight's dims "
          + Arrays.toString(w));
    }
    return kernel;
  }

  /** Conv pads from pads or auto_pad (SAME_* at stride 1 only: otherwise they depend on the input size). */
  private static int[] convPads(OnnxNode n, int[] kernel, int[] strides, int[] dilations) {
    String autoPad = n.text("auto_pad", "NOTSET");
    switch (autoPad) {
      case "NOTSET" -> {
        int[] pads = n.pads();
        for (int p : pads) {
          if (p < 0) {
            throw n.error("negative pads " + Arrays.toString(pads));
          }
        }
        return pads;
      }
      case "VALID" -> {
        return new int[6];
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int[] pads = new int[6];
        for (int a = 0; a < 3; a++) {
          if (strides[a] != 1) {
            throw n.error("auto_pad " + autoPad + " with stride " + strides[a] + " pads by the input's size;"
                + " export with explicit pads");
          }
          int total = dilations[a] * (kernel[a] - 1);
          int small = total / 2;
          pads[a] = autoPad.equals("SAME_UPPER") ? small : total - small;
          pads[a + 3] = total - pads[a];
        }
        return pads;
      }
      default -> throw n.error("unknown auto_pad '" + autoPad + "'");
    }
  }

  private static Map<String, Tensor> weightAndBias(ImportState s, OnnxNode n, long[] w, long out,
      Map<String, Object> args) {
    Map<String, Tensor> weights = new LinkedHashMap<>();
    weights.put("weight", Tensor.of("weight", w, s.floats(n, n.input(1), -1, "weight")));
    if (n.input(2).isEmpty()) {
      args.put("bias", false);
    } else {
      weights.put("bias", Tensor.of("bias", new long[] {out}, s.floats(n, n.input(2), out, "bias")));
    }
    return weights;
  }

  static boolean symmetric(int[] pads) {
    return pads[0] == pads[3] && pads[1] == pads[4] && pads[2] == pads[5];
  }

  /** ONNX's [x0, y0, z0, x1, y1, z1] in torch.nn.functional.pad's order, last axis first: [z0, z1, y0, y1, x0, x1]. */
  static List<Integer> torchOrder(int[] pads) {
    return List.of(pads[2], pads[5], pads[1], pads[4], pads[0], pads[3]);
  }

  /** One number when the three axes agree (as PyTorch code writes it), else [x, y, z]. */
  static Object tuple(int[] v) {
    if (v[0] == v[1] && v[1] == v[2]) {
      return v[0];
    }
    List<Integer> list = new ArrayList<>();
    for (int e : v) {
      list.add(e);
    }
    return list;
  }

  private static void putUnlessDefault(Map<String, Object> args, String key, int[] v, int fallback) {
    if (v[0] != fallback || v[1] != fallback || v[2] != fallback) {
      args.put(key, tuple(v));
    }
  }
}
