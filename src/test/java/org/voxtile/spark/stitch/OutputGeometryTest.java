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
}
