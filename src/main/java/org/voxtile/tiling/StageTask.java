package org.voxtile.tiling;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voxtile.geometry.Box;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GlobalOp;
import org.voxtile.ops.Op;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * What one task of a stage does with one tile: small and serialisable, built on the driver once
 * the earlier stages' statistics are bound, so a Spark task receives it with the tile's index.
 * A statistics stage's task returns the tile's partial reduction ({@link #reduce}) and, on pass
 * 0, writes the maps its stage materialises; the final stage's task returns the outputs
 * ({@link #compute}). Both run the same {@link TileRunner} as a single-stage plan.
 *
 * <pre>{@code
 * StageTask task = new StageTask(stage, plan.shapes(), bound);
 * Partial p = task.reduce(tile, pass, known, source, scratch);      // statistics stage
 * Map<String, Volume> out = task.compute(tile, source, scratch);    // final stage
 * }</pre>
 */
public final class StageTask implements Serializable {
  private static final long serialVersionUID = 1L;

  // what the tasks need of the stage, not the stage itself: its tile plan stays on the driver
  private final String global;
  private final List<String> globalInputs;
  private final CutChoice choice;
  private final Set<String> reads;
  private final Set<String> writes;
  private final Network network;
  private final Map<String, NodeShape> shapes;
  private transient TileRunner runner;

  /**
   * @param bound the local op of every earlier global node
   * @throws org.voxtile.VoxtileException when an earlier global node is not bound
   */
  public StageTask(Stage stage, Map<String, NodeShape> shapes, Map<String, Op> bound) {
    this.global = stage.global().orElse(null);
    this.globalInputs = global == null ? List.of() : List.copyOf(stage.template().node(global).inputs());
    this.choice = stage.choice();
    this.reads = Set.copyOf(stage.reads());
    this.writes = Set.copyOf(stage.writes());
    this.network = stage.network(bound);
    this.shapes = Map.copyOf(shapes);
  }

  /** The stage's network with the earlier global nodes bound. */
  public Network network() {
    return network;
  }

  /** The maps this stage reads from scratch instead of computing them. */
  public Set<String> reads() {
    return reads;
  }

  /** The most bytes of maps the last tile held at once (see {@link TileRunner#lastPeakBytes()}). */
  public long lastPeakBytes() {
    return runner == null ? 0 : runner.lastPeakBytes();
  }

  private TileRunner runner() {
    if (runner == null) {
      runner = new TileRunner(network, network.shapes(shapes.get(Network.SOURCE).extent()), reads);
    }
    return runner;
  }

  /**
   * The partial reduction of pass {@code pass} over this tile's part of the global node's input
   * maps. On pass 0 the tile's part of every map the stage materialises is written to
   * {@code scratch} first; later passes of a materialising stage read the inputs back from it
   * instead of computing them again.
   *
   * @param earlier the merged statistics of the passes before
   */
  public Partial reduce(Tile tile, int pass, Statistics earlier, InputSource source, Scratch scratch) {
    if (global == null) {
      throw new IllegalStateException("the final stage has no statistics");
    }
    String g = global;
    GlobalOp op = ((StatisticsInput) network.node(g).op()).global();
    Box box = tile.outputs().get(g);
    List<String> names = globalInputs;
    List<Volume> inputs = new ArrayList<>();
    if (pass > 0 && choice == CutChoice.MATERIALISE) {
      for (String name : names) {
        inputs.add(name.equals(Network.SOURCE) ? source.read(box) : scratch.read(name, box));
      }
    } else {
      Map<String, Volume> out = runner().run(tile.outputs(), source, scratch);
      if (pass == 0) {
        for (String map : writes) {
          scratch.write(map, out.get(map));
        }
      }
      Volume stacked = out.get(g);
      int at = 0;
      for (String name : names) {
        int channels = shapes.get(name).channels();
        inputs.add(names.size() == 1 ? stacked : stacked.channels(at, channels));
        at += channels;
      }
    }
    return op.reduce(pass, inputs, box, earlier);
  }

  /** The final stage's outputs over this tile (boxes as {@link Tile#outputs()}). */
  public Map<String, Volume> compute(Tile tile, InputSource source, Scratch scratch) {
    return runner().run(tile.outputs(), source, scratch);
  }
}
