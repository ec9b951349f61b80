package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

class Conv3dTest {
  private static Volume ones(Extent extent, int channels) {
    float[] data = new float[(int) extent.voxelCount() * channels];
    Arrays.fill(data, 1f);
    return Volume.wrap(Box.of(extent), channels, data);
  }

  /** A 3x3x3 box sum with zero padding 1 counts the neighbours inside the volume. */
  @Test
  void boxSumOfOnesCountsNeighboursInside() {
    float[] weight = new float[27];
    Arrays.fill(weight, 1f);
    Conv3d conv = new Conv3d(1, 1, Window.of(3, 1, 1, 1), 1, weight, new float[] {0.5f});
    Volume out = conv.apply(ones(Extent.cube(3), 1));
    assertEquals(8.5f, out.get(0, 0, 0, 0));
    assertEquals(12.5f, out.get(0, 1, 0, 0));
    assertEquals(18.5f, out.get(0, 1, 1, 0));
    assertEquals(27.5f, out.get(0, 1, 1, 1));
  }

  /** Weight (out, in, kx, ky, kz): a tap at a = 1 (x) reads the next voxel along x. */
  @Test
  void weightAxesAreXYZ() {
    Volume in = Volume.zeros(Box.of(Extent.of(4, 4, 4)), 1);
    in.set(0, 2, 1, 1, 5f);
    float[] weight = new float[2 * 1 * 1]; // kernel (2, 1, 1): a = 0, 1
    weight[1] = 1f;
    Conv3d conv = new Conv3d(1, 1, new Window(Extent.of(2, 1, 1), Extent.cube(1), Extent.cube(0),
        Extent.cube(1)), 1, weight, null);
    Volume out = conv.apply(in);
    assertEquals(Extent.of(3, 4, 4), out.extent());
    assertEquals(5f, out.get(0, 1, 1, 1));
  }

  @Test
  void wrongChannelCountNamesBoth() {
    Conv3d conv = new Conv3d(2, 4, Window.of(3, 1, 1, 1), 1, new float[4 * 2 * 27], null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> conv.outputChannels(3));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("in_channels 2"),
        e.getMessage());
  }

  @Test
  void weightOfTheWrongShapeIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Conv3d(4, 4, Window.of(3, 1, 1, 1), 2, new float[4 * 4 * 27], null));
    assertTrue(e.getMessage().contains("(4, 2, 3x3x3)"), e.getMessage());
  }

  @Test
  void inputSmallerThanTheKernelIsRejected() {
    Conv3d conv = new Conv3d(1, 1, Window.of(5, 1, 0, 1), 1, new float[125], null);
    assertThrows(IllegalArgumentException.class, () -> conv.outputExtent(Extent.of(4, 8, 8)));
  }

  @Test
  void inputThatDoesNotCoverTheRequiredRegionIsRejected() {
    Conv3d conv = new Conv3d(1, 1, Window.of(3, 1, 1, 1), 1, new float[27], null);
    Volume tooSmall = ones(Extent.of(4, 4, 4), 1);
    assertThrows(IllegalArgumentException.class, () -> conv.compute(List.of(tooSmall),
        Box.of(0, 0, 0, 8, 8, 8), Extent.cube(8)));
  }

  @Test
  void volumeNotDivisibleByStride() {
    Conv3d conv = new Conv3d(1, 1, Window.of(3, 2, 1, 1), 1, new float[27], null);
    assertEquals(Extent.of(91, 109, 91), conv.outputExtent(Extent.of(181, 217, 181)));
  }
}
