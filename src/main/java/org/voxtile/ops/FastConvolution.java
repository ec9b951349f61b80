package org.voxtile.ops;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Direct convolution, fast path. For each output z-plane (and group), the input rows the plane
 * reads are gathered into a scratch buffer with the zero padding filled in and, for a stride s
 * along x, split into s phases (phase q holds the input x = q, q + s, q + 2s, ... of the window
 * start), so that every tap reads a contiguous run for consecutive output x. The scratch is
 * chunk-major: for each chunk of {@link VectorRowKernel#CHUNK} output voxels along x, all rows'
 * pieces for that chunk are contiguous. Then, row by row and chunk by chunk, {@link
 * VectorRowKernel} accumulates blocks of eight, four or one output channels vectorised along x,
 * all blocks of a chunk while its input is in cache.
 *
 * <p>Per voxel the order is the reference's: bias, then input channel, kz, ky, kx ascending, one
 * fma each, so the result equals {@link Conv3d#computeReference} bit for bit whatever the box or
 * the thread count. Threads split the output planes (or rows of planes); each has its own scratch.
 */
final class FastConvolution {
  private FastConvolution() {}

  static Volume conv3d(Conv3d op, Volume in, Box output, Extent inputExtent) {
    Volume out = Volume.zeros(output, op.outChannels());
    if (output.isEmpty()) {
      return out;
    }
    ConvPlan plan = new ConvPlan(op, in, output, inputExtent);
    int ny = (int) output.extent().y();
    int nz = (int) output.extent().z();
    // Work units are output z-planes, or parts of planes when there are fewer planes than threads.
    int ySplit = Math.min(ny, Math.max(1, (op.threads() + nz - 1) / nz));
    Parallel.forRange(op.threads(), nz * ySplit, (from, to) -> {
      float[] scratch = new float[plan.scratchLength + plan.rowStride];
      float[] result = new float[8 * plan.width];
      for (int u = from; u < to; u++) {
        int chunk = u % ySplit;
        plan.rows(u / ySplit, ny * chunk / ySplit, ny * (chunk + 1) / ySplit, scratch, result, out);
      }
    });
    return out;
  }

  static Volume convTranspose3d(ConvTranspose3d op, Volume in, Box output, Extent inputExtent) {
    return TransposedPlan.compute(op, in, output, inputExtent);
  }

  /**
   * What every row of one conv3d call shares: tap offsets, packed weights, sizes. The scratch
   * holds, for one output z-plane and one group, the input rows (input channel i, kz tap c,
   * input row ry of the plane's y range), each row split into stride phases.
   */
  private static final class ConvPlan {
    final Conv3d op;
    final Volume in;
    final Box output;
    final Extent inputExtent;
    final Window window;
    final int groupIn;
    final int groupOut;
    final ChannelBlocks blocks;
    final int taps;
    final int[] tapOffset;
    final float[] packed;
    final float[] bias;
    final int nx;
    final int width;
    final int inputRow;
    final int phaseLength;
    final int rowStride;
    final int planeRows;
    /** Per chunk of output x, row and phase: the chunk's voxels plus the kernel's reach. */
    final int piecePhase;
    final int piece;
    final int chunkStride;
    final int scratchLength;

    ConvPlan(Conv3d op, Volume in, Box output, Extent inputExtent) {
      this.op = op;
      this.in = in;
      this.output = output;
      this.inputExtent = inputExtent;
      this.window = op.window();
      this.groupIn = op.inChannels() / op.groups();
      this.groupOut = op.outChannels() / op.groups();
      this.blocks = new ChannelBlocks(groupOut);
      int kx = window.kernel(0);
      int ky = window.kernel(1);
      int kz = window.kernel(2);
      int sx = window.stride(0);
      int dx = window.dilation(0);
      nx = (int) output.extent().x();
      width = roundUp(nx, VectorRowKernel.CHUNK);
      inputRow = (nx - 1) * sx + window.span(0);
      int maxShift = (kx - 1) * dx / sx;
      phaseLength = Math.max((inputRow + sx - 1) / sx, width + maxShift);
      rowStride = sx * phaseLength;
      planeRows = ((int) output.extent().y() - 1) * window.stride(1) + window.span(1);
      piecePhase = VectorRowKernel.CHUNK + maxShift;
      piece = sx * piecePhase;
      chunkStride = Math.multiplyExact(Math.multiplyExact(groupIn * kz, planeRows), piece);
      scratchLength = Math.multiplyExact(width / VectorRowKernel.CHUNK, chunkStride);
      taps = groupIn * kz * ky * kx;
      tapOffset = new int[taps];
      int t = 0;
      for (int i = 0; i < groupIn; i++) {
        for (int c = 0; c < kz; c++) {
          for (int b = 0; b < ky; b++) {
            for (int a = 0; a < kx; a++) {
              int r = a * dx;
              tapOffset[t++] = ((i * kz + c) * planeRows + b * window.dilation(1)) * piece
                  + (r % sx) * piecePhase + r / sx;
            }
          }
        }
      }
      packed = pack(op.weight(), op.outChannels(), groupIn, blocks, kx, ky, kz);
      bias = op.bias();
    }

    /**
     * Every output channel owns {@code taps} floats; a block of B channels starting at o holds
     * its weights at {@code o * taps + B * t + j} (tap-major), as {@link VectorRowKernel} reads.
     */
    private static float[] pack(float[] weight, int outChannels, int groupIn,
        ChannelBlocks blocks, int kx, int ky, int kz) {
      int taps = groupIn * kx * ky * kz;
      float[] packed = new float[outChannels * taps];
      for (int o = 0; o < outChannels; o++) {
        int local = o % blocks.groupOut();
        int size = blocks.size(local);
        int j = blocks.position(local);
        int blockStart = o - j;
        int t = 0;
        for (int i = 0; i < groupIn; i++) {
          for (int c = 0; c < kz; c++) {
            for (int b = 0; b < ky; b++) {
              for (int a = 0; a < kx; a++, t++) {
                packed[blockStart * taps + size * t + j] =
                    weight[(((o * groupIn + i) * kx + a) * ky + b) * kz + c];
              }
            }
          }
        }
      }
      return packed;
    }

    /** Output rows [y0, y1) (relative to the box) of relative output plane zRel. */
    void rows(int zRel, int y0, int y1, float[] scratch, float[] result, Volume out) {
      long z = output.min().z() + zRel;
      for (int g = 0; g < op.groups(); g++) {
        gather(g, z, y0, y1, scratch);
        for (int yRel = y0; yRel < y1; yRel++) {
          long y = output.min().y() + yRel;
          int base = (yRel - y0) * window.stride(1) * piece;
          // chunk by chunk, all channel blocks of the chunk, while its input is in cache
          for (int x = 0; x < width; x += VectorRowKernel.CHUNK) {
            int count = Math.min(VectorRowKernel.CHUNK, nx - x);
            int o = g * groupOut;
            while (o < (g + 1) * groupOut) {
              int size = blocks.size(o - g * groupOut);
              int w = chunk(size, count, scratch, x / VectorRowKernel.CHUNK * chunkStride + base, o,
                  result);
              for (int j = 0; j < size; j++) {
                System.arraycopy(result, j * w, out.data(),
                    out.index(o + j, output.min().x() + x, y, z), count);
              }
              o += size;
            }
          }
        }
      }
    }

    /**
     * One chunk of {@code count} output voxels of a block of {@code size} channels from channel
     * o. The 8- and 4-channel kernels step by half a chunk, so a short last chunk costs half.
     * Returns the width computed: channel j of the block is at {@code result[j * width]}.
     */
    private int chunk(int size, int count, float[] scratch, int base, int o, float[] result) {
      int half = VectorRowKernel.CHUNK / 2;
      int w = size > 1 && count <= half ? half : VectorRowKernel.CHUNK;
      VectorRowKernel.channelBlock(size, scratch, base, tapOffset, taps, packed, o * taps, bias, o,
          w, result);
      return w;
    }

    /** Fills the scratch rows of group g for output plane z, output rows [y0, y1). */
    private void gather(int g, long z, int y0, int y1, float[] scratch) {
      int kz = window.kernel(2);
      int sy = window.stride(1);
      int rows = (y1 - y0 - 1) * sy + window.span(1);
      long firstRow = (output.min().y() + y0) * sy - window.padding(1);
      long x0 = output.min().x() * window.stride(0) - window.padding(0);
      for (int i = 0; i < groupIn; i++) {
        int channel = g * groupIn + i;
        for (int c = 0; c < kz; c++) {
          long iz = z * window.stride(2) - window.padding(2) + (long) c * window.dilation(2);
          for (int r = 0; r < rows; r++) {
            gatherRow(channel, x0, firstRow + r, iz, scratch, scratchLength);
            distribute(scratch, ((i * kz + c) * planeRows + r) * piece);
          }
        }
      }
    }

    /**
     * Copies the row gathered at {@code scratchLength} into the chunk-major scratch: for each
     * chunk of output x, the row's phases hold the chunk's voxels plus the kernel's reach, so the
     * input one chunk reads lies in one contiguous block (friendly to caches and prefetchers).
     */
    private void distribute(float[] scratch, int rowOffset) {
      int sx = window.stride(0);
      for (int k = 0; k < width / VectorRowKernel.CHUNK; k++) {
        for (int q = 0; q < sx; q++) {
          System.arraycopy(scratch, scratchLength + q * phaseLength + k * VectorRowKernel.CHUNK,
              scratch, k * chunkStride + rowOffset + q * piecePhase, piecePhase);
        }
      }
    }

    /** One input row from x0, inputRow voxels, zeros outside the input, split into phases. */
    private void gatherRow(int channel, long x0, long iy, long iz, float[] scratch, int base) {
      if (iz < 0 || iy < 0 || iz >= inputExtent.z() || iy >= inputExtent.y()) {
        java.util.Arrays.fill(scratch, base, base + rowStride, 0f);
        return;
      }
      float[] src = in.data();
      int sx = window.stride(0);
      if (sx == 1) {
        zeroPaddedRow(in, channel, x0, iy, iz, inputRow, inputExtent.x(), scratch, base);
        return;
      }
      long inside0 = Math.min(Math.max(x0, 0), x0 + inputRow);
      long inside1 = Math.max(Math.min(x0 + inputRow, inputExtent.x()), inside0);
      int row = in.index(channel, 0, iy, iz); // index of global x = 0 (may lie outside)
      // phase q holds x0 + q + j * sx: zeros, then the inside run (a tight strided copy), zeros
      for (int q = 0; q < sx; q++) {
        int to = base + q * phaseLength;
        int n = (inputRow - q + sx - 1) / sx;
        int lo = (int) Math.min(n, Math.max(0, ceilDiv(inside0 - x0 - q, sx)));
        int hi = (int) Math.min(n, Math.max(lo, ceilDiv(inside1 - x0 - q, sx)));
        java.util.Arrays.fill(scratch, to, to + lo, 0f);
        int from = row + (int) (x0 + q);
        for (int j = lo; j < hi; j++) {
          scratch[to + j] = src[from + j * sx];
        }
        java.util.Arrays.fill(scratch, to + hi, to + n, 0f);
      }
    }
  }

  /**
   * Copies {@code length} voxels of input row (iy, iz) of {@code channel}, from global x
   * {@code x0}, to {@code scratch[base ...]} with zeros where x lies outside [0, inputX): a
   * convolution's zero padding, written once per gathered row. Row (iy, iz) must be inside the
   * input.
   */
  static void zeroPaddedRow(Volume in, int channel, long x0, long iy, long iz, int length,
      long inputX, float[] scratch, int base) {
    long inside0 = Math.min(Math.max(x0, 0), x0 + length);
    long inside1 = Math.max(Math.min(x0 + length, inputX), inside0);
    int lead = (int) (inside0 - x0);
    int end = (int) (inside1 - x0);
    java.util.Arrays.fill(scratch, base, base + lead, 0f);
    if (end > lead) {
      System.arraycopy(in.data(), in.index(channel, inside0, iy, iz), scratch, base + lead,
          end - lead);
    }
    java.util.Arrays.fill(scratch, base + end, base + length, 0f);
  }

  private static long ceilDiv(long a, long b) {
    return Math.floorDiv(a + b - 1, b);
  }

  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }
}
