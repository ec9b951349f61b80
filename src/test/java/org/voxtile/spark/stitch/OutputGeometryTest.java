package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Interpolate;
import org.voxtile.ops.Pad;
import org.voxtile.ops.Window;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;

class OutputGeometryTest {
  private static final Orientation INPUT = Orientation.of(Affine.IDENTITY);

  private static Conv3d conv(int k, int p) {
    return new Conv3d(1, 1, Window.of(k, 1, p, 1), 1, new float[k * k * k], null);
  }

  @Test
  void replicatePaddingThenValidConvolutionKeepsTheInputGrid() {
    // pad 1 (replicate) then a valid 3^3 conv: output voxel i is centred on input voxel i
    Network net = new Network(List.of("t1"), List.of(
        new Node("p", new Pad(Halo.uniform(1), Pad.Mode.REPLICATE, 0).forInput(Extent.cube(40)),
            List.of(Network.SOURCE)),
        new Node("c", conv(3, 0), List.of("p"))), List.of("c"));
    Orientation out = OutputGeometry.of(net, "c", INPUT);
    assertArrayEquals(new double[] {0, 0, 0}, out.affine().apply(0, 0, 0), 1e-9);
    assertArrayEquals(new double[] {5, 6, 7}, out.affine().apply(5, 6, 7), 1e-9);
  }

  @Test
  void voxelsThatReadNoInputDoNotBreakTheGeometry() {
    // a 1^3 transposed conv with stride 2 leaves every odd voxel as bias alone
    Network net = new Network(List.of("t1"), List.of(
        new Node("c", conv(3, 1), List.of(Network.SOURCE)),
        new Node("up", new ConvTranspose3d(1, 1, Window.of(1, 2, 0, 1), Extent.cube(0), 1, new float[1], null),
            List.of("c"))), List.of("up"));
    Orientation out = OutputGeometry.of(net, "up", INPUT);
    // even output voxel 2m is input voxel m: half-voxel spacing, origin on input voxel 0
    assertArrayEquals(new double[] {0, 0, 0}, out.affine().apply(0, 0, 0), 1e-9);
    assertArrayEquals(new double[] {1, 1, 1}, out.affine().apply(2, 2, 2), 1e-9);
  }

  private static Orientation interpolated(Interpolate op, Extent input) {
    Network net = new Network(List.of("t1"), List.of(new Node("up", op.forInput(input), List.of(Network.SOURCE))),
        List.of("up"));
    return OutputGeometry.of(net, "up", INPUT);
  }

  private static double[] at(double i) {
    return new double[] {i, i, i};
  }

  @Test
  void anUpsamplingBy2PutsItsVoxelsWhereTorchsSourceIndexSays() {
    // align_corners false: output voxel i samples input (i + 0.5) / 2 - 0.5, nearest or trilinear
    for (Interpolate.Mode mode : Interpolate.Mode.values()) {
      Orientation out = interpolated(Interpolate.byScale(new double[] {2, 2, 2}, mode, false, false), Extent.cube(9));
      assertArrayEquals(at(-0.25), out.affine().apply(0, 0, 0), 1e-9, mode.label());
      assertArrayEquals(at(0.75), out.affine().apply(2, 2, 2), 1e-9, mode.label());
    }
  }

  @Test
  void alignCornersKeepsTheCornerVoxelsOnEachOther() {
    Orientation out = interpolated(Interpolate.toSize(Extent.cube(9), Interpolate.Mode.TRILINEAR, true), Extent.cube(5));
    assertArrayEquals(at(0), out.affine().apply(0, 0, 0), 1e-9);
    assertArrayEquals(at(4), out.affine().apply(8, 8, 8), 1e-9);
  }

  @Test
  void aDownsamplingAndARatioOfNoSmallPeriodAreRightToo() {
    Orientation half = interpolated(Interpolate.byScale(new double[] {0.5, 0.5, 0.5}, Interpolate.Mode.TRILINEAR,
        false, false), Extent.cube(16));
    assertArrayEquals(at(0.5), half.affine().apply(0, 0, 0), 1e-9);
    assertArrayEquals(at(6.5), half.affine().apply(3, 3, 3), 1e-9);
    // 12 -> 17: output voxel i samples (i + 0.5) 12 / 17 - 0.5, within the mean's 1/1000 of a voxel
    Orientation odd = interpolated(Interpolate.toSize(Extent.cube(17), Interpolate.Mode.TRILINEAR, false),
        Extent.cube(12));
    assertArrayEquals(at(0.5 * 12 / 17 - 0.5), odd.affine().apply(0, 0, 0), 1e-3);
    assertArrayEquals(at(16.5 * 12 / 17 - 0.5), odd.affine().apply(16, 16, 16), 1e-3);
  }
}
