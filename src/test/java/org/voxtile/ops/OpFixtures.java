package org.voxtile.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Reads the PyTorch golden fixtures of golden/ops (see src/test/python/make_op_fixtures.py for
 * the format) and builds the op each case describes.
 */
final class OpFixtures {
  private static final String DIR = "/golden/ops/";

  /** One golden case: op name, input tensors, expected output, parameters. */
  record Case(String name, String op, List<String> inputs, String output, Map<String, String> params) {
    int integer(String key) {
      return Integer.parseInt(params.get(key));
    }

    boolean flag(String key) {
      return Boolean.parseBoolean(params.get(key));
    }

    double real(String key) {
      return Double.parseDouble(params.get(key));
    }

    /** The case's own tolerance if it states one (0 for exact ops), else {@code fallback}. */
    double tolerance(double fallback) {
      return params.containsKey("tolerance") ? real("tolerance") : fallback;
    }

    Extent extent(String key) {
      String[] p = params.get(key).split(",");
      return Extent.of(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    }

    double[] doubles(String key) {
      String[] p = params.get(key).split(",");
      double[] d = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        d[i] = Double.parseDouble(p[i]);
      }
      return d;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Map<String, int[]> shapes = new HashMap<>();
  private final Map<String, Case> cases = new LinkedHashMap<>();

  OpFixtures() {
    String text = new String(bytes("cases.txt"), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("tensor")) {
        int[] shape = new int[f.length - 3];
        for (int i = 3; i < f.length; i++) {
          shape[i - 3] = Integer.parseInt(f[i]);
        }
        shapes.put(f[1], f[2].equals("volume") ? shape : new int[] {shape[0], -1});
      } else if (f[0].equals("case")) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 3; i < f.length; i++) {
          int eq = f[i].indexOf('=');
          params.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
        List<String> in = List.of(params.remove("in").split(","));
        cases.put(f[1], new Case(f[1], f[2], in, params.remove("out"), params));
      }
    }
  }

  List<Case> cases() {
    return new ArrayList<>(cases.values());
  }

  /** A (C, X, Y, Z) tensor as a volume with its box at the origin. */
  Volume volume(String name) {
    int[] s = shapes.get(name);
    if (s == null || s.length != 4) {
      throw new IllegalArgumentException("no volume tensor " + name);
    }
    return Volume.wrap(Box.of(Extent.of(s[1], s[2], s[3])), s[0], floats(name));
  }

  boolean isVolume(String name) {
    return shapes.get(name).length == 4;
  }

  float[] floats(String name) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes(name + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(out);
    return out;
  }

  private static byte[] bytes(String file) {
    try (InputStream in = OpFixtures.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + DIR + file
            + " (regenerate with /usr/bin/python3 src/test/python/make_op_fixtures.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + file, e);
    }
  }

  /** The op of a volume-producing case, built with voxtile's API from the case's parameters. */
  Op op(Case c) {
    List<String> in = c.inputs();
    int inChannels = volume(in.get(0)).channels();
    return switch (c.op()) {
      case "conv3d" -> new Conv3d(inChannels, c.integer("out_channels"), window(c),
          c.integer("groups"), floats(in.get(1)), c.flag("bias") ? floats(in.get(2)) : null);
      case "conv_transpose3d" -> new ConvTranspose3d(inChannels, c.integer("out_channels"),
          window(c), c.extent("output_padding"), c.integer("groups"), floats(in.get(1)),
          floats(in.get(2)));
      case "max_pool3d" -> new MaxPool3d(window(c), c.flag("ceil_mode"));
      case "avg_pool3d" -> new AvgPool3d(window(c), c.flag("ceil_mode"),
          c.flag("count_include_pad"), c.integer("divisor_override"));
      case "adaptive_pool3d" -> new AdaptivePool3d(c.extent("size"),
          c.params().get("mode").equals("max") ? PoolMode.MAX : PoolMode.AVG);
      case "relu" -> Activation.relu();
      case "leaky_relu" -> Activation.leakyRelu(Float.parseFloat(c.params().get("slope")));
      case "sigmoid" -> Activation.sigmoid();
      case "tanh" -> Activation.tanh();
      case "elu" -> Activation.elu(Float.parseFloat(c.params().get("alpha")));
      case "gelu" -> Activation.gelu();
      case "add" -> new Add();
      case "concat" -> new Concat();
      case "batch_norm3d" -> new BatchNorm3d(floats(in.get(1)), floats(in.get(2)),
          floats(in.get(3)), floats(in.get(4)), Float.parseFloat(c.params().get("eps")));
      case "prelu" -> new PRelu(floats(in.get(1)));
      case "softmax" -> ChannelSoftmax.softmax();
      case "log_softmax" -> ChannelSoftmax.logSoftmax();
      case "argmax" -> new Argmax();
      case "local_response_norm" -> new LocalResponseNorm(c.integer("size"), c.real("alpha"), c.real("beta"),
          c.real("k"));
      case "dropout", "dropout3d", "alpha_dropout" -> new Dropout(c.op(), c.real("p"));
      case "mul" -> new Mul();
      case "clamp" -> new Clamp(c.params().containsKey("min") ? (float) c.real("min") : Float.NEGATIVE_INFINITY,
          c.params().containsKey("max") ? (float) c.real("max") : Float.POSITIVE_INFINITY);
      case "gaussian" -> {
        double[] s = c.doubles("sigma");
        yield Kernels.gaussian(s[0], s[1], s[2]).depthwise(inChannels);
      }
      default -> throw new IllegalArgumentException("no op for case " + c);
    };
  }

  /** The volume inputs of a case (weights and statistics are not inputs). */
  List<Volume> inputVolumes(Case c) {
    List<Volume> out = new ArrayList<>();
    for (String name : c.inputs()) {
      if (isVolume(name)) {
        out.add(volume(name));
      }
    }
    return out;
  }

  private static Window window(Case c) {
    Extent ones = Extent.cube(1);
    return new Window(c.extent("kernel"),
        c.params().containsKey("stride") ? c.extent("stride") : ones,
        c.params().containsKey("padding") ? c.extent("padding") : Extent.cube(0),
        c.params().containsKey("dilation") ? c.extent("dilation") : ones);
  }
}
