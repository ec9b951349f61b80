package org.voxtile.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.network.Pipeline;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.ops.Activation;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.GlobalOp;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Op;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.TileRunner;
import org.voxtile.volume.Volume;

/**
 * The in-memory baseline of {@code jobs/bench.sh}: one JVM, no Spark, the whole volume as one
 * tile through {@link TileRunner} (ops on THREADS threads, default 1 as in one Spark task), the
 * first output written with {@link NiftiWriter}. Prints one line of {@code key=value} figures:
 * read, compute and write seconds, the runner's live-map peak and the JVM heap peak (sum of the
 * heap pools' peaks). Refuses up front, printing {@code skipped=...}, when the whole-volume maps
 * cannot fit this JVM's heap or a map exceeds a Java array.
 *
 * <p>Networks with global nodes (instance_norm, group_norm, normalize) run the same way: each
 * global node reduces its whole input map, binds and applies in place of its tile computation
 * ({@link WholeMapGlobal}), so every node is computed once, in topological order. The line then
 * also gives the seconds spent reducing ({@code global_reduce_s}) and in the bound ops
 * ({@code global_apply_s}), both included in compute_s. {@code macs} is the network's
 * multiply-accumulates on the whole volume, each node once, as {@code describe} counts them per
 * node (which refuses global nodes in single-stage plans).
 *
 * <p>With WEIGHTS_OUT, the exact weights used are written there afterwards (as {@code
 * --save-weights} writes them; untimed), for the PyTorch baseline.
 *
 * <pre>java -cp ... org.voxtile.bench.WholeVolumeRun PIPELINE T1 T2 OUT.nii.gz [THREADS [WEIGHTS_OUT]]</pre>
 */
public final class WholeVolumeRun {
  private WholeVolumeRun() {}

  public static void main(String[] args) {
    Path pipeline = Path.of(args[0]);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", Path.of(args[1]));
    inputs.put("t2", Path.of(args[2]));
    Path out = Path.of(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Optional<Path> weightsOut = args.length > 5 ? Optional.of(Path.of(args[5])) : Optional.empty();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    long t0 = System.nanoTime();
    try (MultiChannelSource scan = MultiChannelSource.open(inputs)) {
      Extent extent = scan.box().extent();
      NetworkBuilder.Built built = NetworkBuilder.build(Pipeline.read(pipeline), Optional.empty(),
          scan.channelsByInput(), extent);
      String output = built.network().outputs().get(0);
      Map<String, Box> all = Map.of(output, Box.of(built.shapes().get(output).extent()));
      LongAdder reduceNanos = new LongAdder();
      LongAdder applyNanos = new LongAdder();
      Network network = threaded(built.network(), threads, reduceNanos, applyNanos);
      long globals = built.network().nodes().stream().filter(n -> n.op() instanceof GlobalOp).count();
      long macs = macs(built.network(), built.shapes());
      TileRunner runner = new TileRunner(network, built.shapes());
      long predicted = runner.peakBytes(all);
      long largestMap = built.shapes().values().stream()
          .mapToLong(s -> s.extent().voxelCount() * s.channels()).max().orElse(0);
      if (predicted > Runtime.getRuntime().maxMemory() * 0.85 || largestMap > Integer.MAX_VALUE - 8) {
        System.out.printf("skipped=needs_%.1f_GiB_of_live_maps_largest_map_%d_floats heap_max=%d%n",
            predicted / (double) (1L << 30), largestMap, Runtime.getRuntime().maxMemory());
        return;
      }
      Volume input = scan.read(scan.box());
      long t1 = System.nanoTime();
      Volume result = runner.run(all, InputSource.of(input)).get(output);
      long t2 = System.nanoTime();
      NiftiWriter.write(out, result.withOrientation(org.voxtile.volume.Orientation.of(
          org.voxtile.volume.Affine.diagonal(1, 1, 1))), NiftiWriteOptions.DEFAULTS);
      long t3 = System.nanoTime();
      long heapPeak = heapPeak();
      weightsOut.ifPresent(file -> Pipeline.saveWeights(built, file));
      System.out.printf("read_s=%.3f compute_s=%.3f write_s=%.3f total_s=%.3f output_voxels=%d"
          + " live_maps_peak=%d predicted_live_maps=%d heap_peak=%d heap_max=%d threads=%d"
          + " global_nodes=%d global_reduce_s=%.3f global_apply_s=%.3f macs=%d%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t3 - t0) / 1e9, result.box().voxelCount(),
          runner.lastPeakBytes(), predicted, heapPeak, Runtime.getRuntime().maxMemory(), threads,
          globals, reduceNanos.sum() / 1e9, applyNanos.sum() / 1e9, macs);
    }
  }

  /**
   * The same network with every op that can split its rows over threads doing so, and every
   * global op computed on its whole input map (its time added to the two counters).
   */
  static Network threaded(Network network, int threads, LongAdder reduceNanos, LongAdder applyNanos) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : network.nodes()) {
      Op op = node.op();
      if (op instanceof Conv3d c) {
        op = c.withThreads(threads);
      } else if (op instanceof ConvTranspose3d c) {
        op = c.withThreads(threads);
      } else if (op instanceof MaxPool3d p) {
        op = p.withThreads(threads);
      } else if (op instanceof Activation a) {
        op = a.withThreads(threads);
      } else if (op instanceof GlobalOp g) {
        op = new WholeMapGlobal(g, threads, reduceNanos, applyNanos);
      }
      nodes.add(new Node(node.name(), op, node.inputs()));
    }
    return new Network(network.inputNames(), network.inputChannels(), nodes, network.outputs());
  }

  /** Multiply-accumulates of the live nodes on their whole maps, per node as {@code Description} counts them. */
  private static long macs(Network network, Map<String, NodeShape> shapes) {
    Set<String> live = network.live();
    long sum = 0;
    for (Node node : network.nodes()) {
      if (live.contains(node.name())) {
        int[] in = node.inputs().stream().mapToInt(i -> shapes.get(i).channels()).toArray();
        sum += node.op().macs(shapes.get(node.name()).extent(), in);
      }
    }
    return sum;
  }

  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
