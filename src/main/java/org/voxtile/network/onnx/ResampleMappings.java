package org.voxtile.network.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX ops that change a map's extent without weights: Resize and Upsample to
 * {@code interpolate} (the coordinate transformations torch.onnx.export writes for
 * {@code F.interpolate}: nearest is asymmetric/floor, nearest-exact half_pixel/round_prefer_ceil,
 * trilinear with align_corners false pytorch_half_pixel, with align_corners true align_corners),
 * Pad to {@code pad} and Slice of spatial axes to {@code crop}.
 */
final class ResampleMappings {
  /** Slice ends at or beyond this mean "to the end" (torch writes INT64_MAX, others INT32_MAX). */
  private static final long TO_THE_END = Integer.MAX_VALUE;

  private ResampleMappings() {}

  /** Resize (opset 10: X, scales; 11 on: X, roi, scales, sizes) and Upsample (opset 7 to 9). */
  static void resize(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    boolean upsample = n.opType().equals("Upsample");
    String mode = n.text("mode", "nearest");
    String transform = upsample ? "asymmetric" : n.text("coordinate_transformation_mode", "half_pixel");
    String nearest = n.text("nearest_mode", "round_prefer_floor");
    if (n.integer("antialias", 0) != 0) {
      throw n.error("antialias 1 is not supported (PyTorch's interpolate has it for 2D bilinear/bicubic only)");
    }
    if (!n.text("keep_aspect_ratio_policy", "stretch").equals("stretch") || n.has("axes")) {
      throw n.error("axes and keep_aspect_ratio_policy are not supported: give scales or sizes of all 5 axes");
    }
    Map<String, Object> args = new LinkedHashMap<>();
    String torchMode = switch (mode) {
      case "nearest" -> switch (transform + "/" + nearest) {
        case "asymmetric/floor" -> "nearest";
        case "half_pixel/round_prefer_ceil", "pytorch_half_pixel/round_prefer_ceil" -> "nearest-exact";
        default -> throw n.error("nearest resizing with coordinate_transformation_mode " + transform
            + " and nearest_mode " + nearest + " is not one of PyTorch's (nearest: asymmetric/floor; nearest-exact:"
            + " half_pixel/round_prefer_ceil)");
      };
      case "linear" -> {
        if (upsample) {
          throw n.error("linear Upsample (opsets 7 to 9) uses asymmetric coordinates, which PyTorch's trilinear"
              + " interpolation does not; export with opset_version 11 or later");
        }
        switch (transform) {
          case "pytorch_half_pixel", "half_pixel" -> args.put("align_corners", false);
          case "align_corners" -> args.put("align_corners", true);
          default -> throw n.error("linear resizing with coordinate_transformation_mode " + transform
              + " is not PyTorch's trilinear (pytorch_half_pixel or align_corners)");
        }
        yield "trilinear";
      }
      default -> throw n.error("mode " + mode + " is not supported (nearest and linear are)");
    };
    String scalesInput = upsample ? (n.opset() >= 9 ? n.input(1) : "") : n.opset() == 10 ? n.input(1) : n.input(2);
    String sizesInput = upsample || n.opset() == 10 ? "" : n.input(3);
    if (upsample && n.opset() < 9) {
      float[] scales = n.reals("scales");
      putScales(n, args, scales);
    } else if (!scalesInput.isEmpty() && s.maybeConstant(scalesInput).map(t -> OnnxTensors.count(t, n.where()) > 0)
        .orElse(true)) {
      putScales(n, args, s.floats(n, scalesInput, 5, "scales"));
    } else if (!sizesInput.isEmpty()) {
      long[] sizes = s.longs(n, sizesInput, "sizes");
      if (sizes.length != 5) {
        throw n.error("sizes has " + sizes.length + " values; a 3D map needs 5 (N, C, x, y, z)");
      }
      List<Integer> size = new ArrayList<>();
      for (int a = 2; a < 5; a++) {
        if (sizes[a] < 1 || sizes[a] > 1 << 24) {
          throw n.error("sizes " + Arrays.toString(sizes) + " is out of range");
        }
        size.add((int) sizes[a]);
      }
      args.put("size", size);
    } else {
      throw n.error("gives neither scales nor sizes");
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    if (args.containsKey("scale_factor")) {
      ordered.put("scale_factor", args.get("scale_factor"));
    }
    if (args.containsKey("size")) {
      ordered.put("size", args.get("size"));
    }
    ordered.put("mode", torchMode);
    if (args.containsKey("align_corners")) {
      ordered.put("align_corners", args.get("align_corners"));
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "interpolate", List.of(x),
        ordered, Map.of(), s.channels(x)), s.channels(x));
  }

  private static void putScales(OnnxNode n, Map<String, Object> args, float[] scales) {
    if (scales == null || scales.length != 5) {
      throw n.error("scales must have 5 values (N, C, x, y, z), got " + (scales == null ? "none"
          : Arrays.toString(scales)));
    }
    if (scales[0] != 1f || scales[1] != 1f) {
      throw n.error("scales " + Arrays.toString(scales) + " resize the batch or channel axis");
    }
    for (int a = 2; a < 5; a++) {
      if (!(scales[a] > 0 && scales[a] <= 1024)) {
        throw n.error("scales " + Arrays.toString(scales) + " is out of range (0, 1024]");
      }
    }
    if (scales[2] == scales[3] && scales[3] == scales[4]) {
      args.put("scale_factor", LayerMappings.real(scales[2]));
    } else {
      args.put("scale_factor", List.of(LayerMappings.real(scales[2]), LayerMappings.real(scales[3]),
          LayerMappings.real(scales[4])));
    }
  }

  /** Pad (attributes before opset 11, inputs from 11): constant or edge, non-negative, spatial axes only. */
  static void pad(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long[] pads = n.opset() < 11 ? n.integers("pads", null) : s.longs(n, n.input(1), "pads");
    if (pads == null || pads.length != 10) {
      throw n.error("pads must have 10 values (begin and end of N, C, x, y, z), got "
          + (pads == null ? "none" : Arrays.toString(pads)));
    }
    if (n.opset() >= 18 && !n.input(3).isEmpty()) {
      throw n.error("the axes input is not supported: give pads of all 5 axes");
    }
    if (pads[0] != 0 || pads[1] != 0 || pads[5] != 0 || pads[6] != 0) {
      throw n.error("pads " + Arrays.toString(pads) + " pad the batch or channel axis");
    }
    int[] spatial = new int[6];
    for (int a = 0; a < 3; a++) {
      spatial[a] = bounded(n, pads[2 + a], pads);
      spatial[a + 3] = bounded(n, pads[7 + a], pads);
    }
    String mode = n.text("mode", "constant");
    float value = n.opset() < 11 ? n.real("value", 0f)
        : n.input(2).isEmpty() ? 0f : s.floats(n, n.input(2), 1, "constant_value")[0];
    Map<String, Object> args = new LinkedHashMap<>();
    boolean negative = Arrays.stream(spatial).anyMatch(p -> p < 0);
    boolean positive = Arrays.stream(spatial).anyMatch(p -> p > 0);
    if (negative && positive) {
      throw n.error("pads " + Arrays.toString(pads) + " both pad and crop; voxtile pads or crops per node");
    }
    String op;
    if (negative) {
      op = "crop";
      args.put("crop", ConvMappings.torchOrder(Arrays.stream(spatial).map(p -> -p).toArray()));
    } else {
      op = "pad";
      args.put("pad", ConvMappings.torchOrder(spatial));
      switch (mode) {
        case "constant" -> {
          if (value != 0f) {
            args.put("value", LayerMappings.real(value));
          }
        }
        case "edge" -> args.put("mode", "replicate");
        default -> throw n.error("mode " + mode + " is not supported (constant and edge are)");
      }
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), op, List.of(x), args,
        Map.of(), s.channels(x)), s.channels(x));
  }

  /**
   * Slice of the spatial axes by a margin per side, step 1: a start from the beginning, an end
   * counted back from the end (negative) or "to the end". An end at a fixed index depends on the
   * map's extent, which voxtile does not fix, and is refused.
   */
  static void slice(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long[] starts;
    long[] ends;
    long[] axes;
    long[] steps;
    if (n.opset() < 10) {
      starts = n.integers("starts", null);
      ends = n.integers("ends", null);
      axes = n.integers("axes", null);
      steps = null;
    } else {
      starts = s.longs(n, n.input(1), "starts");
      ends = s.longs(n, n.input(2), "ends");
      axes = n.input(3).isEmpty() ? null : s.longs(n, n.input(3), "axes");
      steps = n.input(4).isEmpty() ? null : s.longs(n, n.input(4), "steps");
    }
    if (starts == null || ends == null || starts.length != ends.length) {
      throw n.error("starts and ends must have one value per sliced axis");
    }
    int[] crop = new int[6];
    for (int i = 0; i < starts.length; i++) {
      long axis = axes == null ? i : axes[i] < 0 ? axes[i] + 5 : axes[i];
      long step = steps == null ? 1 : steps[i];
      boolean whole = starts[i] == 0 && ends[i] >= TO_THE_END;
      if (axis < 0 || axis > 4 || step != 1 && !whole) {
        throw n.error("slices axis " + axis + " with step " + step + "; voxtile crops spatial axes with step 1");
      }
      if (whole) {
        continue;
      }
      if (axis < 2) {
        throw n.error("slices the " + (axis == 0 ? "batch" : "channel") + " axis; voxtile crops spatial axes only");
      }
      if (starts[i] < 0 || starts[i] > 1 << 20) {
        throw n.error("start " + starts[i] + " on axis " + axis + " counts from the end; voxtile crops a margin"
            + " from the start");
      }
      if (ends[i] > 0 && ends[i] < TO_THE_END) {
        throw n.error("ends at index " + ends[i] + " on axis " + axis + ", which depends on the map's extent;"
            + " voxtile crops margins (a negative end, e.g. x[..., 1:-1])");
      }
      int a = (int) axis - 2;
      crop[a] = (int) starts[i];
      crop[a + 3] = ends[i] >= TO_THE_END ? 0 : (int) Math.min(-ends[i], 1 << 20);
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "crop", List.of(x),
        Map.of("crop", ConvMappings.torchOrder(crop)), Map.of(), s.channels(x)), s.channels(x));
  }

  private static int bounded(OnnxNode n, long pad, long[] pads) {
    if (Math.abs(pad) > 1 << 20) {
      throw n.error("pads " + Arrays.toString(pads) + " is out of range");
    }
    return (int) pad;
  }
}
