package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.voxtile.ops.Reorient;
import org.voxtile.volume.Affine;
import org.voxtile.volume.AxisOrientation;
import org.voxtile.volume.Grid;
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

  @Test
  void aStridedConvolutionAfterAReorientationIsPlacedOnTheReorientedGrid() {
    // LAS 2 mm input 10 voxels wide: reoriented to RAS, output voxel 0 is input voxel 9 (world x -9 * 2 + 20 = 2)
    Affine las = Affine.ofRowMajor(-2, 0, 0, 20, 0, 2, 0, -4, 0, 0, 2, 6, 0, 0, 0, 1);
    Grid grid = new Grid(Extent.of(10, 8, 6), las);
    Network net = new Network(List.of("t1"), List.of(
        new Node("ras", Reorient.to(grid, AxisOrientation.parse("RAS")), List.of(Network.SOURCE)),
        new Node("c", new Conv3d(1, 1, Window.of(2, 2, 0, 1), 1, new float[8], null), List.of("ras"))),
        List.of("c"));
    Orientation input = Orientation.of(las);
    assertArrayEquals(new double[] {2, -4, 6}, OutputGeometry.of(net, "ras", input).affine().apply(0, 0, 0), 1e-12);
    Orientation out = OutputGeometry.of(net, "c", input);
    // voxel 0 of the 2x2x2 stride-2 conv stands for the centre of reoriented voxels 0 and 1
    assertArrayEquals(new double[] {3, -3, 7}, out.affine().apply(0, 0, 0), 1e-12);
    assertArrayEquals(new double[] {4, 4, 4}, out.affine().voxelSizes(), 1e-12);
    assertEquals("RAS", out.axisCodes());
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
