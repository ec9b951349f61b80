package org.voxtile.network;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.ops.CropTo;
import org.voxtile.ops.Mask;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PadTo;
import org.voxtile.ops.Reorient;
import org.voxtile.ops.Resample;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.volume.AxisOrientation;

/**
 * Builds the preprocessing nodes, which declare the grid of their output from their input's
 * grid ({@link OpFactory#inGrid}): {@code reorient} ({@code to}, default RAS, as nibabel's
 * {@code as_closest_canonical} for RAS) and {@code resample} ({@code spacing} in mm, {@code order}
 * 0 or 1, default 1, {@code cval} 0: nibabel's {@code resample_to_output}), {@code crop_to}
 * ({@code box: [x0, y0, z0, x1, y1, z1]}, half-open voxel indices of the input grid, as
 * {@code convert --crop}), {@code pad_to} ({@code shape}, {@code mode: constant | replicate},
 * {@code value}: TorchIO's {@code CropOrPad}) and {@code mask} (its inputs: the map, then a
 * 1-channel mask; non-zero keeps).
 */
final class PreprocessFactory {
  private PreprocessFactory() {}

  static Reorient reorient(OpFactory node) {
    String code = node.args().string("to", "RAS");
    AxisOrientation target;
    try {
      target = AxisOrientation.parse(code);
    } catch (IllegalArgumentException e) {
      throw node.error("to", e.getMessage());
    }
    return Reorient.to(node.invertibleInGrid("to"), target);
  }

  static Resample resample(OpFactory node) {
    double[] spacing = node.args().positiveRealTriple("spacing");
    int order = node.args().integer("order", 1);
    if (order != 0 && order != 1) {
      throw node.error("order", "is " + order + "; voxtile resamples with order 0 (nearest) or 1 (linear), not"
          + " higher-order splines");
    }
    float cval = (float) node.args().real("cval", 0.0);
    try {
      return Resample.toSpacing(node.invertibleInGrid("spacing"), spacing, order, cval, NetworkBuilder.MAX_MAP_VOXELS);
    } catch (IllegalArgumentException e) {
      throw node.error("spacing", e.getMessage());
    }
  }

  static CropTo cropTo(OpFactory node) {
    List<Integer> b = node.args().intList("box", 6, 0);
    Box box = Box.of(b.get(0), b.get(1), b.get(2), Math.max(b.get(0), b.get(3)), Math.max(b.get(1), b.get(4)),
        Math.max(b.get(2), b.get(5)));
    if (b.get(3) <= b.get(0) || b.get(4) <= b.get(1) || b.get(5) <= b.get(2)
        || !Box.of(node.inExtent()).contains(box)) {
      throw node.error("box", b + " is empty or not inside the input " + node.inExtent()
          + ": give x0 < x1 <= " + node.inExtent().x() + ", y0 < y1 <= " + node.inExtent().y() + ", z0 < z1 <= "
          + node.inExtent().z());
    }
    return new CropTo(node.inGrid("box"), box);
  }

  static PadTo padTo(OpFactory node) {
    org.voxtile.geometry.Extent shape = OpFactory.extent(node.args().intTriple("shape", 1));
    String mode = node.args().choice("mode", "constant", "constant", "replicate");
    float value = (float) node.args().real("value", 0.0);
    if (mode.equals("replicate") && value != 0) {
      throw node.error("value", "only applies to mode constant");
    }
    return new PadTo(node.inGrid("shape"), shape, mode.equals("constant") ? Pad.Mode.CONSTANT : Pad.Mode.REPLICATE,
        value);
  }

  static Mask mask(OpFactory node) {
    int[] channels = node.inChannels();
    if (channels.length != 2 || channels[1] != 1) {
      throw PipelineException.atNode(node.node().args().source(), node.node().name(), "mask needs 2 inputs, the map "
          + "and a 1-channel mask (inputs: [map, mask]), got " + channels.length + " input(s) with channels "
          + java.util.Arrays.toString(channels));
    }
    return new Mask();
  }
}
