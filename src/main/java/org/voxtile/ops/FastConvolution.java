package org.voxtile.ops;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Direct convolution, fast path: output row by output row (fixed y, z), the input rows that row
 * reads are gathered into a scratch buffer with the zero padding filled in and, for a stride s
 * along x, split into s phases (phase q holds the input x = q, q + s, q + 2s, ... of the window
 * start), so that every tap reads a contiguous run of the scratch for consecutive output x. Then
 * {@link VectorRowKernel} accumulates blocks of four output channels (or one) vectorised along x.
 *
 * <p>Per voxel the order is the reference's: bias, then input channel, kz, ky, kx ascending, one
 * fma each, so the result equals {@link Conv3d#computeReference} bit for bit whatever the box or
 * the thread count. Threads split the output rows; each has its own scratch.
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
    int rows = ny * (int) output.extent().z();
    Parallel.forRange(op.threads(), rows, (from, to) -> {
      float[] scratch = new float[plan.scratchLength];
      float[] result = new float[4 * plan.width];
      for (int r = from; r < to; r++) {
        long y = output.min().y() + r % ny;
        long z = output.min().z() + r / ny;
        plan.row(y, z, scratch, result, out);
      }
    });
    return out;
  }

  static Volume convTranspose3d(ConvTranspose3d op, Volume in, Box output, Extent inputExtent) {
    return TransposedPlan.compute(op, in, output, inputExtent);
  }

  /** What every row of one conv3d call shares: tap offsets, packed weights, sizes. */
  private static final class ConvPlan {
    final Conv3d op;
    final Volume in;
    final Box output;
    final Extent inputExtent;
    final Window window;
    final int groupIn;
    final int groupOut;
    final int taps;
    final int[] tapOffset;
    final float[] packed;
    final float[] bias;
    final int nx;
    final int width;
    final int inputRow;
    final int phaseLength;
    final int rowStride;
    final int scratchLength;

    ConvPlan(Conv3d op, Volume in, Box output, Extent inputExtent) {
      this.op = op;
      this.in = in;
      this.output = output;
      this.inputExtent = inputExtent;
      this.window = op.window();
      this.groupIn = op.inChannels() / op.groups();
      this.groupOut = op.outChannels() / op.groups();
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
      scratchLength = Math.multiplyExact(groupIn * kz * ky, rowStride);
      taps = groupIn * kz * ky * kx;
      tapOffset = new int[taps];
      int t = 0;
      for (int i = 0; i < groupIn; i++) {
        for (int c = 0; c < kz; c++) {
          for (int b = 0; b < ky; b++) {
            for (int a = 0; a < kx; a++) {
              int r = a * dx;
              tapOffset[t++] = ((i * kz + c) * ky + b) * rowStride + (r % sx) * phaseLength + r / sx;
            }
          }
        }
      }
      packed = pack(op.weight(), op.outChannels(), groupIn, groupOut, kx, ky, kz);
      bias = op.bias();
    }

    /**
     * Every output channel occupies {@code taps} floats at {@code o * taps}; inside a block of
     * four, tap-major then channel ({@code 4 * t + j}), as {@link VectorRowKernel} reads them.
     */
    private static float[] pack(float[] weight, int outChannels, int groupIn, int groupOut,
        int kx, int ky, int kz) {
      int taps = groupIn * kx * ky * kz;
      float[] packed = new float[outChannels * taps];
      for (int o = 0; o < outChannels; o++) {
        int local = o % groupOut;
        boolean inBlock = local < groupOut / 4 * 4;
        int blockStart = o - local % 4;
        int t = 0;
        for (int i = 0; i < groupIn; i++) {
          for (int c = 0; c < kz; c++) {
            for (int b = 0; b < ky; b++) {
              for (int a = 0; a < kx; a++, t++) {
                float w = weight[(((o * groupIn + i) * kx + a) * ky + b) * kz + c];
                if (inBlock) {
                  packed[blockStart * taps + 4 * t + local % 4] = w;
                } else {
                  packed[o * taps + t] = w;
                }
              }
            }
          }
        }
      }
      return packed;
    }

    void row(long y, long z, float[] scratch, float[] result, Volume out) {
      for (int g = 0; g < op.groups(); g++) {
        gather(g, y, z, scratch);
        int first = g * groupOut;
        int blocks = groupOut / 4 * 4;
        for (int o = first; o < first + blocks; o += 4) {
          VectorRowKernel.fourChannels(scratch, tapOffset, taps, packed, o * taps, bias, o, width,
              result);
          for (int j = 0; j < 4; j++) {
            System.arraycopy(result, j * width, out.data(),
                out.index(o + j, output.min().x(), y, z), nx);
          }
        }
        for (int o = first + blocks; o < first + groupOut; o++) {
          VectorRowKernel.oneChannel(scratch, tapOffset, taps, packed, o * taps, bias[o], width,
              result);
          System.arraycopy(result, 0, out.data(), out.index(o, output.min().x(), y, z), nx);
        }
      }
    }

    /** Fills the scratch rows (input channel i of group g, kz, ky) of output row (y, z). */
    private void gather(int g, long y, long z, float[] scratch) {
      int ky = window.kernel(1);
      int kz = window.kernel(2);
      int sx = window.stride(0);
      long x0 = output.min().x() * sx - window.padding(0);
      float[] src = in.data();
      for (int i = 0; i < groupIn; i++) {
        int channel = g * groupIn + i;
        for (int c = 0; c < kz; c++) {
          long iz = z * window.stride(2) - window.padding(2) + (long) c * window.dilation(2);
          for (int b = 0; b < ky; b++) {
            long iy = y * window.stride(1) - window.padding(1) + (long) b * window.dilation(1);
            int base = ((i * kz + c) * ky + b) * rowStride;
            if (iz < 0 || iy < 0 || iz >= inputExtent.z() || iy >= inputExtent.y()) {
              java.util.Arrays.fill(scratch, base, base + rowStride, 0f);
              continue;
            }
            long inside0 = Math.max(x0, 0);
            long inside1 = Math.min(x0 + inputRow, inputExtent.x());
            int row = in.index(channel, 0, iy, iz); // index of global x = 0 (may lie outside)
            if (sx == 1) {
              int lead = (int) Math.min(inputRow, inside0 - x0);
              java.util.Arrays.fill(scratch, base, base + lead, 0f);
              if (inside1 > inside0) {
                System.arraycopy(src, row + (int) inside0, scratch, base + lead,
                    (int) (inside1 - inside0));
              }
              int end = (int) Math.max(lead, inside1 - x0);
              java.util.Arrays.fill(scratch, base + end, base + inputRow, 0f);
            } else {
              for (int r = 0; r < inputRow; r++) {
                long x = x0 + r;
                float v = x >= inside0 && x < inside1 ? src[row + (int) x] : 0f;
                scratch[base + (r % sx) * phaseLength + r / sx] = v;
              }
            }
          }
        }
      }
    }
  }

  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }
}
