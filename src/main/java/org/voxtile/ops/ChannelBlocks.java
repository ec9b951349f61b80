package org.voxtile.ops;

/**
 * How the fast convolutions split the {@code groupOut} output channels of one group into blocks
 * that {@link VectorRowKernel} computes together: as many blocks of eight as fit, then of four,
 * then single channels (22 channels: 8, 8, 4, 1, 1). A block shares each input load among its
 * channels; the split decides which channels share loads, never the order of a voxel's sum, so it
 * does not change the bits.
 *
 * <pre>{@code
 * ChannelBlocks blocks = new ChannelBlocks(22);
 * blocks.size(17);       // 4: channels 16..19 form a block of four
 * blocks.position(17);   // 1: the second channel of that block
 * }</pre>
 */
record ChannelBlocks(int groupOut) {
  /** The size (8, 4 or 1) of the block that channel {@code local} of the group is in. */
  int size(int local) {
    int eights = groupOut / 8 * 8;
    if (local < eights) {
      return 8;
    }
    return local < eights + (groupOut - eights) / 4 * 4 ? 4 : 1;
  }

  /** Where channel {@code local} sits in its block: 0 &lt;= position &lt; size(local). */
  int position(int local) {
    int eights = groupOut / 8 * 8;
    int size = size(local);
    return size == 8 ? local % 8 : size == 4 ? (local - eights) % 4 : 0;
  }
}
