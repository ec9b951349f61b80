package org.voxtile.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.voxtile.features.ChannelStats;
import org.voxtile.features.SppAccumulator;
import org.voxtile.features.TileFeatures;
import org.voxtile.geometry.Box;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.spark.stitch.TileScratch;
import org.voxtile.storage.Location;
import org.voxtile.zarr.VolumeInputs;
import org.voxtile.tiling.Scratch;
import org.voxtile.tiling.TileRunner;
import org.voxtile.volume.Volume;

/**
 * The work of one Spark task: opens the scan's files itself (headers, then only the tile's input
 * box), computes the tile with {@link TileRunner}, writes each written output's tile to the
 * scratch directory (for NIfTI) and its chunks to the OME-Zarr images, and returns small numbers. Deterministic, so a retried attempt writes the same
 * bytes. Holds only serialisable things: the broadcast network, shapes, file paths.
 */
final class TileTask implements Function<TileWork, TileResult> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<Network> network;
  private final LinkedHashMap<String, NodeShape> shapes;
  private final LinkedHashMap<String, Location> inputs;
  private final Location scratch;
  private final List<String> written;
  private final SppAccumulator sppTemplate;
  private final String featureNode;
  private final Set<String> leaves;
  private final Scratch stageScratch;
  private final ZarrOutputs zarr;
  private final boolean toScratch;

  /**
   * @param written the output nodes whose tiles go to the scratch directory
   * @param sppTemplate an empty accumulator for the feature node, or null: no features
   * @param leaves maps read from {@code stageScratch} instead of computed (a staged plan's final
   *     stage reading what earlier stages materialised); empty for a single-stage plan
   * @param zarr the OME-Zarr images whose chunks this task writes, or null
   * @param toScratch whether the written outputs' tiles also go to the scratch directory (for NIfTI)
   */
  TileTask(Broadcast<Network> network, Map<String, NodeShape> shapes,
      Map<String, Location> inputs, Location scratch, List<String> written, SppAccumulator sppTemplate,
      String featureNode, Set<String> leaves, Scratch stageScratch, ZarrOutputs zarr, boolean toScratch) {
    this.network = network;
    this.shapes = new LinkedHashMap<>(shapes);
    this.inputs = new LinkedHashMap<>(); // absolute: executors run in their own work dirs
    inputs.forEach((name, at) -> this.inputs.put(name, at.absolute()));
    this.scratch = scratch.absolute();
    this.written = List.copyOf(written);
    this.sppTemplate = sppTemplate;
    this.featureNode = featureNode;
    this.leaves = Set.copyOf(leaves);
    this.stageScratch = stageScratch;
    this.zarr = zarr;
    this.toScratch = toScratch;
  }

  @Override
  public TileResult call(TileWork work) {
    try (MultiChannelSource scan = VolumeInputs.open(inputs)) {
      ExecutorWarmUp.once(network.value(), shapes, leaves);
      TimedSource source = new TimedSource(scan);
      long start = System.nanoTime();
      TileRunner runner = new TileRunner(network.value(), shapes, leaves);
      long scratchReadBefore = stageScratch == null ? 0 : stageScratch.bytesRead();
      Map<String, Volume> out = runner.run(work.outputs(), source, stageScratch);
      long scratchRead = stageScratch == null ? 0 : stageScratch.bytesRead() - scratchReadBefore;
      long computeNanos = System.nanoTime() - start - source.nanos();
      long writeStart = System.nanoTime();
      long bytesWritten = toScratch ? TileScratch.writeAll(scratch, written, out, work.index()) : 0;
      if (zarr != null) {
        for (String name : written) {
          bytesWritten += zarr.write(name, out.get(name));
        }
      }
      long writeNanos = System.nanoTime() - writeStart;
      InjectedFault.afterTileWritten(work.index());
      TileFeatures features = sppTemplate == null ? null : features(work, out, source, scan);
      long bytesRead = scan.readers().stream().mapToLong(r -> r.bytesRead()).sum();
      return new TileResult(1, bytesRead, bytesWritten, scratchRead, source.nanos(), computeNanos, writeNanos,
          features, runner.lastPeakBytes(), HeapPeak.bytes());
    }
  }

  private TileFeatures features(TileWork work, Map<String, Volume> out, TimedSource source,
      MultiChannelSource scan) {
    SppAccumulator spp = sppTemplate.empty();
    Volume map = out.get(featureNode);
    if (!map.box().isEmpty()) {
      spp.add(map);
    }
    Map<String, ChannelStats[]> stats = new LinkedHashMap<>();
    Box owned = work.ownedInput();
    Volume input = owned.isEmpty() ? Volume.zeros(owned, scan.channels())
        : source.last() != null && source.last().box().contains(owned) ? source.last().crop(owned)
        : scan.read(owned);
    stats.put(Network.SOURCE, stats(input));
    for (String name : written) {
      stats.put(name, stats(out.get(name)));
    }
    return new TileFeatures(spp, stats);
  }

  private static ChannelStats[] stats(Volume v) {
    ChannelStats[] perChannel = new ChannelStats[v.channels()];
    int n = v.voxelsPerChannel();
    for (int c = 0; c < perChannel.length; c++) {
      perChannel[c] = ChannelStats.of(v.data(), c * n, n);
    }
    return perChannel;
  }
}
