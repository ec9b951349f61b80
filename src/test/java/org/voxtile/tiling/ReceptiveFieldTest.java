package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;

class ReceptiveFieldTest {
  private static Network chain(WindowSum... layers) {
    List<Node> nodes = new java.util.ArrayList<>();
    String previous = Network.SOURCE;
    for (int i = 0; i < layers.length; i++) {
      nodes.add(new Node("l" + i, layers[i], List.of(previous)));
      previous = "l" + i;
    }
    return new Network(List.of("t1"), nodes, List.of(previous));
  }

  @Test
  void chainFollowsTheRecurrence() {
    // r_l = r_{l-1} + (k_l - 1) * j_{l-1}, j_l = j_{l-1} * s_l, r_0 = 1, j_0 = 1:
    // k3 s1: r = 1 + 2*1 = 3, j = 1; k3 s2: r = 3 + 2*1 = 5, j = 2; k3 s1: r = 5 + 2*2 = 9, j = 2
    Network net = chain(new WindowSum(3, 1, 1), new WindowSum(3, 2, 1), new WindowSum(3, 1, 1));
    assertEquals(Extent.cube(3), ReceptiveField.of(net, "l0").size());
    assertEquals(Extent.cube(5), ReceptiveField.of(net, "l1").size());
    ReceptiveField last = ReceptiveField.of(net, "l2");
    assertEquals(Extent.cube(9), last.size());
    assertArrayEquals(new double[] {2, 2, 2}, last.jump());
  }

  @Test
  void paddingDoesNotChangeTheField() {
    ReceptiveField valid = ReceptiveField.of(chain(new WindowSum(5, 2, 0)), "l0");
    ReceptiveField same = ReceptiveField.of(chain(new WindowSum(5, 2, 2)), "l0");
    assertEquals(Extent.cube(5), valid.size());
    assertEquals(valid.size(), same.size());
    assertArrayEquals(valid.jump(), same.jump());
  }

  @Test
  void plannerAlignsTilesToTheCoarsestMap() {
    Network net = chain(new WindowSum(2, 2, 0), new WindowSum(2, 2, 0), new WindowSum(3, 1, 1));
    // the output is at 1/4 resolution and nothing is coarser: no alignment needed
    assertEquals(Extent.cube(1), new TilePlanner(net, Extent.cube(64)).alignment());
  }
}
