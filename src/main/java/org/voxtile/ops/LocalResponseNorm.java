package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.local_response_norm(x, size, alpha, beta, k)} on a 5D input (the
 * AlexNet layer): each value divided by {@code (k + alpha * s / size) ^ beta}, where s sums the
 * squares of the channels from c - size/2 to c + (size-1)/2 at the same voxel, channels outside
 * [0, C) counting as zero (PyTorch pads the channel axis and average-pools with divisor size).
 * Local: a voxel reads its own channels only. Each value is computed in float64, its window summed
 * in channel order, and rounded once.
 */
public final class LocalResponseNorm implements Voxelwise, PerChannel {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final double alpha;
  private final double beta;
  private final double k;

  /** @param size the number of neighbouring channels averaged, &gt;= 1 */
  public LocalResponseNorm(int size, double alpha, double beta, double k) {
    checkArgument(size >= 1, "local_response_norm: size must be >= 1, got %s", size);
    this.size = size;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  @Override
  public String name() {
    return "local_response_norm";
  }

  /** A square per window channel, then the scale, the power and the division. */
  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0] * (size + 3L);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Volume in = Inputs.cropped(inputs.get(0), output);
    float[] x = in.data();
    int n = in.voxelsPerChannel();
    int channels = in.channels();
    float[] y = new float[x.length];
    double[] squares = new double[n];
    for (int c = 0; c < channels; c++) {
      java.util.Arrays.fill(squares, 0.0);
      for (int j = Math.max(0, c - size / 2); j <= Math.min(channels - 1, c + (size - 1) / 2); j++) {
        int base = j * n;
        for (int i = 0; i < n; i++) {
          double v = x[base + i];
          squares[i] += v * v;
        }
      }
      int base = c * n;
      for (int i = 0; i < n; i++) {
        y[base + i] = (float) (x[base + i] / Math.pow(k + alpha * (squares[i] / size), beta));
      }
    }
    return Volume.wrap(output, channels, y);
  }

  @Override
  public String toString() {
    return "local_response_norm(size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")";
  }
}
