package org.voxtile.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.zarr.VolumeInputs;
import org.voxtile.spark.stitch.TileScratch;
import org.voxtile.storage.Location;
import org.voxtile.tiling.SlidingWindowRunner;
import org.voxtile.volume.Volume;

/**
 * The work of one Spark task in sliding-window mode: one window, read from the scan's files by
 * range (the padding filled with {@code cval}), computed as a whole image of the window's extent
 * and multiplied by the importance map ({@link SlidingWindowRunner#weighted}, the single-JVM
 * runner's own code), each output written to the scratch directory for the driver to blend in
 * window order. Deterministic, so a retried attempt writes the same bytes.
 */
final class WindowTask implements Function<TileWork, TileResult> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<Network> network;
  private final Inference inference;
  private final Extent image;
  private final LinkedHashMap<String, Location> inputs;
  private final Location scratch;
  private final List<String> written;

  /** @param image the scan's extent, over which the windows lie */
  WindowTask(Broadcast<Network> network, Inference inference, Extent image, Map<String, Location> inputs,
      Location scratch, List<String> written) {
    this.network = network;
    this.inference = inference;
    this.image = image;
    this.inputs = new LinkedHashMap<>(); // absolute: executors run in their own work dirs
    inputs.forEach((name, at) -> this.inputs.put(name, at.absolute()));
    this.scratch = scratch.absolute();
    this.written = List.copyOf(written);
  }

  @Override
  public TileResult call(TileWork work) {
    try (MultiChannelSource scan = VolumeInputs.open(inputs)) {
      TimedSource source = new TimedSource(scan);
      long start = System.nanoTime();
      SlidingWindowRunner runner = SlidingWindowRunner.of(network.value(), image, inference);
      Box window = work.outputs().get(written.get(0));
      Map<String, Volume> terms = runner.weighted(source, window);
      long computeNanos = System.nanoTime() - start - source.nanos();
      long writeStart = System.nanoTime();
      long bytesWritten = TileScratch.writeAll(scratch, written, terms, work.index());
      long writeNanos = System.nanoTime() - writeStart;
      InjectedFault.afterTileWritten(work.index());
      long bytesRead = scan.readers().stream().mapToLong(r -> r.bytesRead()).sum();
      return new TileResult(1, bytesRead, bytesWritten, 0, source.nanos(), computeNanos, writeNanos, null,
          0, HeapPeak.bytes()); // the whole-image runner does not measure its maps: report.json gives the prediction
    }
  }
}
