package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

class KernelsTest {
  private static Volume dirac(Extent extent, long x, long y, long z) {
    Volume v = Volume.zeros(Box.of(extent), 1);
    v.set(0, x, y, z, 1f);
    return v;
  }

  /** conv3d is a cross-correlation: a dirac in gives the kernel mirrored through its centre. */
  @Test
  void diracGivesTheKernelReversed() {
    RandomOps random = new RandomOps(7);
    Kernel k = new Kernel(Extent.of(3, 5, 3), random.floats(45));
    Volume out = k.depthwise(1).apply(dirac(Extent.of(9, 9, 9), 4, 4, 4));
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 5; b++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(k.get(2 - a, 4 - b, 2 - c), out.get(0, 3 + a, 2 + b, 3 + c), 0f,
              "offset " + a + "," + b + "," + c);
        }
      }
    }
    assertEquals(0f, out.get(0, 0, 0, 0));
  }

  @Test
  void gaussianFollowsScipyRadiusAndSumsToOne() {
    Kernel g = Kernels.gaussian(1.0, 0.7, 1.3);
    assertEquals(Extent.of(9, 7, 11), g.size()); // radius int(4 sigma + 0.5): 4, 3, 5
    assertEquals(1.0, g.sum(), 1e-6);
    assertEquals(g.get(0, 3, 5), g.get(8, 3, 5), 0f);
    assertEquals(Extent.of(1, 1, 1), Kernels.gaussian(0).size());
  }

  @Test
  void sobelAndPrewittGiveTheSlopeOfARampAlongTheirAxis() {
    for (int axis = 0; axis < 3; axis++) {
      Volume ramp = Volume.zeros(Box.of(Extent.cube(5)), 1);
      for (int z = 0; z < 5; z++) {
        for (int y = 0; y < 5; y++) {
          for (int x = 0; x < 5; x++) {
            ramp.set(0, x, y, z, new int[] {x, y, z}[axis] * 2f);
          }
        }
      }
      for (Kernel k : new Kernel[] {Kernels.sobel(axis), Kernels.prewitt(axis)}) {
        assertEquals(0.0, k.sum(), 1e-7);
        Volume out = k.depthwise(1).apply(ramp);
        assertEquals(2f, out.get(0, 2, 2, 2), 1e-6f, "axis " + axis);
      }
    }
  }

  @Test
  void laplacianOfSquaredRadiusIsSix() {
    Volume f = Volume.zeros(Box.of(Extent.cube(5)), 1);
    for (int z = 0; z < 5; z++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          f.set(0, x, y, z, x * x + y * y + z * z);
        }
      }
    }
    assertEquals(6f, Kernels.laplacian().depthwise(1).apply(f).get(0, 2, 3, 1), 0f);
    assertEquals(0.0, Kernels.laplacian().sum(), 0.0);
  }

  @Test
  void identityBoxAndEdge() {
    RandomOps random = new RandomOps(3);
    Volume v = random.volume(Extent.of(6, 5, 4), 2);
    assertArrayEquals(v.data(), Kernels.identity(3).depthwise(2).apply(v).data());
    assertEquals(1.0, Kernels.box(Extent.of(2, 3, 1)).sum(), 1e-6);
    Kernel edge = Kernels.edge(1);
    assertEquals(Extent.of(1, 3, 1), edge.size());
    assertArrayEquals(new float[] {-1, 2, -1}, edge.values());
  }
}
