package org.voxtile.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.GlobalOp;
import org.voxtile.ops.Op;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * A global op (instance norm, group norm, normalize) made computable by {@link WholeVolumeRun}'s
 * single whole-volume tile: on its whole input map it reduces every pass, binds, and applies the
 * bound op, as {@link GlobalOp#applyWhole} does. So a network with global nodes runs in one JVM
 * computing every node exactly once in topological order, with {@code TileRunner}'s freeing and
 * in-place reuse: the honest in-memory baseline for a staged voxtile run. (A staged plan run in
 * one JVM with RECOMPUTE cuts would compute the early layers again for every stage.)
 *
 * <p>With THREADS > 1 the reduction and the bound op run on z-slabs in parallel, as the
 * convolutions split their rows: the partials merge exactly ({@link Partial#mergeAll}) and the
 * bound op is pointwise, so the result is bit for bit that of one thread. The slab outputs are
 * copied into the whole map, one transient map more than {@code TileRunner.peakBytes} counts.
 *
 * <p>Refuses any output box but the whole map: on part of the map the statistics would be those
 * of the part (per-patch normalisation), which is exactly what staged plans exist to avoid.
 */
final class WholeMapGlobal implements Op {
  private static final long serialVersionUID = 1L;

  private final GlobalOp global;
  private final int threads;
  private final LongAdder reduceNanos;
  private final LongAdder applyNanos;

  /**
   * @param reduceNanos accumulates the time spent in reductions (shared by a network's nodes)
   * @param applyNanos accumulates the time spent in the bound ops
   */
  WholeMapGlobal(GlobalOp global, int threads, LongAdder reduceNanos, LongAdder applyNanos) {
    this.global = global;
    this.threads = Math.max(1, threads);
    this.reduceNanos = reduceNanos;
    this.applyNanos = applyNanos;
  }

  @Override
  public String name() {
    return global.name();
  }

  @Override
  public int inputCount() {
    return global.inputCount();
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return global.outputChannels(inputChannels);
  }

  @Override
  public Extent outputExtent(Extent input) {
    return global.outputExtent(input);
  }

  @Override
  public Box requiredInput(Box output) {
    return global.requiredInput(output);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return global.macs(output, inputChannels);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Box whole = Box.of(inputExtent);
    if (!output.equals(whole) || inputs.stream().anyMatch(v -> !v.box().equals(whole))) {
      throw new VoxtileException(name() + ": the whole-volume baseline computes global ops on whole maps only, not "
          + output + " of " + inputExtent);
    }
    List<Box> slabs = slabs(whole);
    long t0 = System.nanoTime();
    Statistics known = Statistics.NONE;
    for (int pass = 0; pass < global.passes(); pass++) {
      int p = pass;
      Statistics earlier = known;
      known = known.then(Partial.mergeAll(inParallel(slabs.size(),
          i -> global.reduce(p, inputs, slabs.get(i), earlier))));
    }
    Op bound = global.bind(known);
    long t1 = System.nanoTime();
    Volume out;
    if (slabs.size() == 1) {
      out = bound.compute(inputs, whole, inputExtent);
    } else {
      out = Volume.zeros(whole, outputChannels(inputs.stream().mapToInt(Volume::channels).toArray()));
      Volume target = out;
      inParallel(slabs.size(), i -> {
        Volume part = bound.compute(inputs, slabs.get(i), inputExtent);
        Volume.copyRegion(part, target, part.box()); // disjoint regions of one array: safe in parallel
        return part.box();
      });
    }
    reduceNanos.add(t1 - t0);
    applyNanos.add(System.nanoTime() - t1);
    return out;
  }

  /** The whole map cut along z into at most THREADS slabs. */
  private List<Box> slabs(Box whole) {
    long nz = whole.extent().z();
    int parts = (int) Math.max(1, Math.min(threads, nz));
    List<Box> slabs = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      long z0 = nz * p / parts;
      long z1 = nz * (p + 1) / parts;
      slabs.add(Box.of(0, 0, z0, whole.extent().x(), whole.extent().y(), z1));
    }
    return slabs;
  }

  /** task(0) .. task(n - 1), on n threads; results in index order. */
  private static <T> List<T> inParallel(int n, IntFunction<T> task) {
    if (n == 1) {
      return List.of(task.apply(0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VoxtileException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new VoxtileException("global op failed", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public String toString() {
    return global + " (on the whole map)";
  }
}
