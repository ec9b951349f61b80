package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChannelBlocksTest {
  @Test
  void eightsThenFoursThenSingles() {
    ChannelBlocks blocks = new ChannelBlocks(22);
    int[] sizes = new int[22];
    for (int local = 0; local < 22; local++) {
      sizes[local] = blocks.size(local);
    }
    assertEquals("8888888888888888444411", join(sizes));
    assertEquals(1, blocks.position(17));
    assertEquals(0, blocks.position(20));
    assertEquals(0, blocks.position(21));
  }

  /** For every group size, the blocks tile the channels: each starts at position 0 and is whole. */
  @Test
  void blocksTileTheGroupsChannels() {
    for (int groupOut = 1; groupOut <= 40; groupOut++) {
      ChannelBlocks blocks = new ChannelBlocks(groupOut);
      int local = 0;
      while (local < groupOut) {
        int size = blocks.size(local);
        for (int j = 0; j < size; j++) {
          assertEquals(size, blocks.size(local + j), "groupOut " + groupOut + " local " + local);
          assertEquals(j, blocks.position(local + j), "groupOut " + groupOut + " local " + local);
        }
        local += size;
      }
      assertEquals(groupOut, local, "groupOut " + groupOut);
    }
  }

  private static String join(int[] values) {
    StringBuilder s = new StringBuilder();
    for (int v : values) {
      s.append(v);
    }
    return s.toString();
  }
}
