package org.voxtile.ops.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Op;
import org.voxtile.ops.Window;
import org.voxtile.volume.Volume;

/**
 * Timing harness for the ops on MRI-sized volumes (not a test: never run by {@code mvn test}, and
 * nothing is asserted). Prints the median of N runs after one warm-up, GFLOP/s (2 x MACs) and
 * output Mvoxel/s per shape. The PyTorch baseline is src/test/python/bench_ops_torch.py.
 *
 * <pre>
 * mvn -q -o test-compile
 * java --add-modules jdk.incubator.vector -Xms12g -Xmx12g -cp target/classes:target/test-classes \
 *     org.voxtile.ops.bench.OpsBenchmark 1,2 5 [filter]   # threads, runs, shape name part
 * </pre>
 */
public final class OpsBenchmark {
  private static final Extent MRI = Extent.of(181, 217, 181);
  private static final Extent HALF = Extent.of(91, 109, 91);

  private OpsBenchmark() {}

  /** One benchmarked shape: a chain of ops on a random input. */
  private record Shape(String name, Extent input, int channels, List<Op> ops) {}

  public static void main(String[] args) {
    int[] threads = args.length > 0
        ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String only = args.length > 2 ? args[2] : "";
    Random random = new Random(1);
    List<Shape> shapes = List.of(
        new Shape("conv3d 2->16 k3 p1", MRI, 2, List.of(conv(random, 2, 16, 3, 1, 1, 1))),
        new Shape("conv3d 16->16 k3 p1", MRI, 16, List.of(conv(random, 16, 16, 3, 1, 1, 1))),
        new Shape("conv3d 16->32 k3 s2 p1", MRI, 16, List.of(conv(random, 16, 32, 3, 2, 1, 1))),
        new Shape("depthwise 16 k3 p1 + pointwise 16->32", MRI, 16,
            List.of(conv(random, 16, 16, 3, 1, 1, 16), conv(random, 16, 32, 1, 1, 0, 1))),
        new Shape("conv_transpose3d 32->16 k2 s2", HALF, 32, List.of(new ConvTranspose3d(32, 16,
            Window.of(2, 2, 0, 1), Extent.cube(0), 1, floats(random, 32 * 16 * 8),
            floats(random, 16)))),
        new Shape("max_pool3d k2 s2 16ch", MRI, 16,
            List.of(new MaxPool3d(Window.of(2, 2, 0, 1), false))),
        new Shape("avg_pool3d k3 s2 p1 16ch", MRI, 16,
            List.of(new AvgPool3d(Window.of(3, 2, 1, 1), false, true, 0))),
        new Shape("gelu 16ch", MRI, 16, List.of(Activation.gelu())));
    System.out.printf("%-40s %7s %10s %10s %10s%n", "shape", "threads", "median s", "GFLOP/s",
        "Mvoxel/s");
    for (Shape shape : shapes) {
      if (!shape.name().contains(only)) {
        continue;
      }
      Volume input = Volume.wrap(Box.of(shape.input()), shape.channels(),
          floats(random, Math.toIntExact(shape.input().voxelCount() * shape.channels())));
      for (int t : threads) {
        double[] seconds = new double[runs];
        long macs = 0;
        long voxels = 0;
        for (int run = -1; run < runs; run++) {
          Volume v = input;
          System.gc(); // the previous run's outputs (up to 1 GB) must not be collected in this one
          long start = System.nanoTime();
          macs = 0;
          for (Op op : shape.ops()) {
            Op threaded = withThreads(op, t);
            Extent out = threaded.outputExtent(v.extent());
            macs += threaded.macs(out, v.channels());
            v = threaded.compute(List.of(v), Box.of(out), v.extent());
          }
          voxels = v.extent().voxelCount();
          if (run >= 0) {
            seconds[run] = (System.nanoTime() - start) / 1e9;
          }
        }
        Arrays.sort(seconds);
        double median = seconds[runs / 2];
        System.out.printf("%-40s %7d %10.3f %10.1f %10.1f%n", shape.name(), t, median,
            2.0 * macs / median / 1e9, voxels / median / 1e6);
      }
    }
  }

  private static Op withThreads(Op op, int threads) {
    if (op instanceof Conv3d c) {
      return c.withThreads(threads);
    }
    if (op instanceof ConvTranspose3d c) {
      return c.withThreads(threads);
    }
    if (op instanceof MaxPool3d p) {
      return p.withThreads(threads);
    }
    if (op instanceof AvgPool3d p) {
      return p.withThreads(threads);
    }
    if (op instanceof Activation a) {
      return a.withThreads(threads);
    }
    return op;
  }

  private static Conv3d conv(Random random, int in, int out, int k, int s, int p, int groups) {
    return new Conv3d(in, out, Window.of(k, s, p, 1), groups,
        floats(random, out * (in / groups) * k * k * k), floats(random, out));
  }

  private static float[] floats(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
