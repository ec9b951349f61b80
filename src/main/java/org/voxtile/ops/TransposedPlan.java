package org.voxtile.ops;

import java.util.Arrays;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Fast path of {@link ConvTranspose3d}, as a gather. Output x splits into stride phases
 * rho = 0 .. sx-1 (outputs X0 + rho + sx * j): within a phase the same kernel taps land, on
 * consecutive input voxels, so each phase is a stride-1 correlation that {@link VectorRowKernel}
 * vectorises along j. Likewise the taps that land along y and z depend only on the output row's
 * phase ((y + py) mod sy, (z + pz) mod sz). One {@link Taps} per phase combination holds the tap
 * offsets and packed weights; per output row only the input rows it reads are gathered (zeros
 * outside the input).
 *
 * <p>Tap order is the reference's (input channel, kz, ky, kx ascending, non-landing taps
 * skipped), starting from the bias, one fma each: the same bits for any box or thread count.
 */
final class TransposedPlan {
  private final ConvTranspose3d op;
  private final Volume in;
  private final Box output;
  private final Extent inputExtent;
  private final Window window;
  private final int groupIn;
  private final int groupOut;
  private final ChannelBlocks blocks;
  private final long firstQ;
  private final int inputRow;
  private final int width;
  private final int rowLength;
  private final Taps[] combos;
  private final int scratchLength;

  /** The landing taps of one (x phase, y phase, z phase): offsets and packed weights. */
  private record Taps(int[] kzList, int[] kyList, int count, int[] offset, float[] packed,
      int outputs) {}

  private TransposedPlan(ConvTranspose3d op, Volume in, Box output, Extent inputExtent) {
    this.op = op;
    this.in = in;
    this.output = output;
    this.inputExtent = inputExtent;
    this.window = op.window();
    this.groupIn = op.inChannels() / op.groups();
    this.groupOut = op.outChannels() / op.groups();
    this.blocks = new ChannelBlocks(groupOut);
    Box required = op.requiredInput(output);
    firstQ = required.min().x();
    inputRow = (int) (required.max().x() - required.min().x());
    int sx = window.stride(0);
    int sy = window.stride(1);
    int sz = window.stride(2);
    width = FastConvolution.roundUp((int) ((output.extent().x() + sx - 1) / sx),
        VectorRowKernel.CHUNK);
    rowLength = inputRow + width;
    combos = new Taps[sx * sy * sz];
    int maxRows = 0;
    for (int rho = 0; rho < sx; rho++) {
      for (int fy = 0; fy < sy; fy++) {
        for (int fz = 0; fz < sz; fz++) {
          Taps taps = taps(rho, fy, fz);
          combos[(rho * sy + fy) * sz + fz] = taps;
          maxRows = Math.max(maxRows, groupIn * taps.kzList.length * taps.kyList.length);
        }
      }
    }
    scratchLength = Math.multiplyExact(Math.max(1, maxRows), rowLength);
  }

  static Volume compute(ConvTranspose3d op, Volume in, Box output, Extent inputExtent) {
    Volume out = Volume.zeros(output, op.outChannels());
    if (output.isEmpty()) {
      return out;
    }
    TransposedPlan plan = new TransposedPlan(op, in, output, inputExtent);
    int ny = (int) output.extent().y();
    int rows = ny * (int) output.extent().z();
    Parallel.forRange(op.threads(), rows, (from, to) -> {
      float[] scratch = new float[plan.scratchLength];
      float[] result = new float[8 * plan.width];
      for (int r = from; r < to; r++) {
        plan.row(output.min().y() + r % ny, output.min().z() + r / ny, scratch, result, out);
      }
    });
    return out;
  }

  /** Taps along an axis that land for output phase f: (f - k * d) mod s == 0, ascending. */
  private static int[] landing(int f, int kernel, int dilation, int stride) {
    return java.util.stream.IntStream.range(0, kernel)
        .filter(k -> Math.floorMod(f - k * dilation, stride) == 0).toArray();
  }

  private Taps taps(int rho, int fy, int fz) {
    int sx = window.stride(0);
    int kx = window.kernel(0);
    int ky = window.kernel(1);
    int kz = window.kernel(2);
    long firstX = output.min().x() + rho;
    int[] zs = landing(fz, kz, window.dilation(2), window.stride(2));
    int[] ys = landing(fy, ky, window.dilation(1), window.stride(1));
    int[] xs = landing((int) Math.floorMod(firstX + window.padding(0), (long) sx), kx,
        window.dilation(0), sx);
    int count = groupIn * zs.length * ys.length * xs.length;
    int[] offset = new int[count];
    float[] packed = new float[op.outChannels() * Math.max(1, count)];
    float[] weight = op.weightArray();
    int t = 0;
    for (int i = 0; i < groupIn; i++) {
      for (int ci = 0; ci < zs.length; ci++) {
        for (int bi = 0; bi < ys.length; bi++) {
          for (int a : xs) {
            long q0 = Math.floorDiv(firstX + window.padding(0) - (long) a * window.dilation(0), sx);
            offset[t] = ((i * zs.length + ci) * ys.length + bi) * rowLength + (int) (q0 - firstQ);
            for (int o = 0; o < op.outChannels(); o++) {
              int g = o / groupOut;
              int local = o % groupOut;
              int size = blocks.size(local);
              int j = blocks.position(local);
              float w = weight[(((g * groupIn + i) * groupOut + local) * kx + a) * ky * kz
                  + ys[bi] * kz + zs[ci]];
              packed[(o - j) * count + size * t + j] = w;
            }
            t++;
          }
        }
      }
    }
    long outputs = (output.extent().x() - rho + sx - 1) / sx;
    return new Taps(zs, ys, count, offset, packed, (int) Math.max(0, outputs));
  }

  private void row(long y, long z, float[] scratch, float[] result, Volume out) {
    int sx = window.stride(0);
    int sy = window.stride(1);
    int sz = window.stride(2);
    int fy = (int) Math.floorMod(y + window.padding(1), (long) sy);
    int fz = (int) Math.floorMod(z + window.padding(2), (long) sz);
    for (int g = 0; g < op.groups(); g++) {
      Taps rows = combos[fy * sz + fz];
      gather(g, y, z, rows, scratch);
      for (int rho = 0; rho < sx; rho++) {
        Taps taps = combos[(rho * sy + fy) * sz + fz];
        if (taps.outputs == 0) {
          continue;
        }
        int o = g * groupOut;
        while (o < (g + 1) * groupOut) {
          int size = blocks.size(o - g * groupOut);
          VectorRowKernel.channelBlock(size, scratch, 0, taps.offset, taps.count, taps.packed,
              o * taps.count, op.biasArray(), o, width, result);
          for (int j = 0; j < size; j++) {
            scatter(result, j * width, out, o + j, output.min().x() + rho, y, z, taps.outputs);
          }
          o += size;
        }
      }
    }
  }

  private void scatter(float[] result, int from, Volume out, int channel, long x, long y, long z,
      int count) {
    int sx = window.stride(0);
    float[] dst = out.data();
    int at = out.index(channel, x, y, z);
    if (sx == 1) {
      System.arraycopy(result, from, dst, at, count);
      return;
    }
    for (int j = 0; j < count; j++, at += sx) {
      dst[at] = result[from + j];
    }
  }

  /** Input rows (channel i of group g, landing kz, landing ky) of output row (y, z). */
  private void gather(int g, long y, long z, Taps taps, float[] scratch) {
    int[] zs = taps.kzList;
    int[] ys = taps.kyList;
    for (int i = 0; i < groupIn; i++) {
      for (int ci = 0; ci < zs.length; ci++) {
        long iz = Math.floorDiv(z + window.padding(2) - (long) zs[ci] * window.dilation(2),
            (long) window.stride(2));
        for (int bi = 0; bi < ys.length; bi++) {
          long iy = Math.floorDiv(y + window.padding(1) - (long) ys[bi] * window.dilation(1),
              (long) window.stride(1));
          int base = ((i * zs.length + ci) * ys.length + bi) * rowLength;
          if (iz < 0 || iy < 0 || iz >= inputExtent.z() || iy >= inputExtent.y()) {
            Arrays.fill(scratch, base, base + inputRow, 0f);
            continue;
          }
          FastConvolution.zeroPaddedRow(in, g * groupIn + i, firstQ, iy, iz, inputRow,
              inputExtent.x(), scratch, base);
        }
      }
    }
  }
}
