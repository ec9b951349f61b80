package org.voxtile.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.tiling.Description;
import org.voxtile.tiling.TilePlan;
import org.voxtile.tiling.TilePlanner;

/**
 * {@code voxtile describe PIPELINE --shape X,Y,Z}: binds the pipeline for an input of that
 * extent (every check {@code run} makes, before any voxel is read, except that weights not
 * given yet are listed rather than refused) and prints per node the
 * output shape, receptive field, effective stride (jump), halo, parameters, MACs and activation
 * memory, then the tile plan. {@code --json} prints one object {@code {"nodes": [...],
 * "plan": {...}}}; {@code --save-weights} writes the exact weights used.
 */
final class DescribeCommand implements Command {
  static final long DEFAULT_MEMORY = 512L << 20;

  @Override
  public String name() {
    return "describe";
  }

  @Override
  public String summary() {
    return "per node: shape, receptive field, stride, halo, parameters, MACs, memory; tile plan (--json)";
  }

  @Override
  public String usage() {
    return "usage: voxtile describe PIPELINE --shape X,Y,Z [--weights W.safetensors] [--json]\n"
        + "                        [--tile X,Y,Z|auto] [--memory-per-task 512m] [--cores N]\n"
        + "                        [--save-weights FILE.safetensors]\n"
        + "  PIPELINE                 pipeline file (conf/*.yaml; JSON accepted)\n"
        + "  --shape X,Y,Z            spatial extent of the input scans (one channel per pipeline input)\n"
        + "  --weights FILE           weights replacing the pipeline's own 'weights:'\n"
        + "  --json                   {\"nodes\": [...], \"plan\": {...}} on one line\n"
        + "  --tile X,Y,Z|auto        output tile extent, or the least-overhead tile within the memory budget (default)\n"
        + "  --memory-per-task SIZE   budget for live maps per task with --tile auto: 512m, 2g, 65536k, bytes\n"
        + "  --cores N                tasks run at once, which --tile auto keeps busy (default: this machine's\n"
        + "                           cores, as run in local mode; give the cluster's total for a cluster run)\n"
        + "  --save-weights FILE      write the weights used (file, built-in kernels or init: {seed}) as .safetensors";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options o = Options.parse(args);
    // shapes, receptive fields and MACs need no weights: missing ones are listed, not refused
    NetworkBuilder.Built built = Pipeline.loadAllowingMissingWeights(o.pipeline, o.weights, Map.of(), o.shape);
    if (o.saveWeights.isPresent()) {
      Pipeline.saveWeights(built, o.saveWeights.get());
    }
    TilePlanner planner = new TilePlanner(built.network(), o.shape);
    TilePlan plan = o.tile.isPresent() ? planner.plan(o.tile.get()) : planner.planWithinBudget(o.memory, o.cores);
    Description description = Description.of(built, plan);
    if (o.json) {
      out.println(DescriptionFormat.json(built, description, o.tile.isPresent() ? null : o.memory));
    } else {
      out.print(DescriptionFormat.text(built, description, o.tile.isPresent() ? null : o.memory));
      o.saveWeights.ifPresent(f -> out.println("weights written to " + f));
    }
    if (o.json && o.saveWeights.isPresent()) {
      err.println("voxtile: weights written to " + o.saveWeights.get());
    }
    return 0;
  }

  /** The parsed command line. */
  private static final class Options {
    Path pipeline;
    Extent shape;
    Optional<Path> weights = Optional.empty();
    Optional<Path> saveWeights = Optional.empty();
    Optional<Extent> tile = Optional.empty();
    long memory = DEFAULT_MEMORY;
    int cores = Runtime.getRuntime().availableProcessors();
    boolean json;

    static Options parse(List<String> args) {
      Options o = new Options();
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        String value = null;
        if (a.startsWith("--") && a.contains("=")) {
          value = a.substring(a.indexOf('=') + 1);
          a = a.substring(0, a.indexOf('='));
        }
        if (a.equals("--json")) {
          o.json = true;
          continue;
        }
        if (!a.startsWith("--")) {
          positional.add(a);
          continue;
        }
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException(a + " needs a value");
          }
          value = args.get(++i);
        }
        switch (a) {
          case "--shape" -> o.shape = extent(a, value);
          case "--weights" -> o.weights = Optional.of(Path.of(value));
          case "--save-weights" -> o.saveWeights = Optional.of(Path.of(value));
          case "--tile" -> o.tile = value.equals("auto") ? Optional.empty() : Optional.of(extent(a, value));
          case "--memory-per-task" -> o.memory = bytes(value);
          case "--cores" -> o.cores = cores(value);
          default -> throw new UsageException("unknown option " + a);
        }
      }
      if (positional.size() != 1) {
        throw new UsageException(positional.isEmpty() ? "no PIPELINE given" : "one PIPELINE only, got " + positional);
      }
      if (o.shape == null) {
        throw new UsageException("--shape X,Y,Z is required");
      }
      long limit = ReadLimits.DEFAULT.maxVoxels();
      if ((double) o.shape.x() * o.shape.y() * o.shape.z() > limit) {
        throw new UsageException("--shape " + o.shape + " is more than the " + limit
            + " voxels voxtile reads from one scan");
      }
      o.pipeline = Path.of(positional.get(0));
      return o;
    }

    private static Extent extent(String option, String value) {
      Extent e;
      try {
        e = Extent.parse(value);
      } catch (IllegalArgumentException ex) {
        throw new UsageException(option + ": " + ex.getMessage());
      }
      if (e.isEmpty()) {
        throw new UsageException(option + " must be positive along every axis: " + value);
      }
      return e;
    }
  }

  private static int cores(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--cores: expected a positive whole number, got '" + text + "'");
  }

  /**
   * A size in bytes: a whole number with an optional binary suffix k, m, g (or kb, mb, gb, kib,
   * mib, gib), as Spark writes memory settings.
   *
   * @throws UsageException on anything else or a size below one byte
   */
  static long bytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = 0;
      }
    }
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new UsageException("--memory-per-task: expected a size such as 512m or 2g, got '" + text + "'");
    }
  }
}
