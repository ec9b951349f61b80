package org.voxtile.network.pipeline;

import static org.voxtile.network.pipeline.FileValues.axes;
import static org.voxtile.network.pipeline.FileValues.mapping;
import static org.voxtile.network.pipeline.FileValues.name;
import static org.voxtile.network.pipeline.FileValues.names;
import static org.voxtile.network.pipeline.FileValues.require;
import static org.voxtile.network.pipeline.FileValues.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.voxtile.ops.PoolMode;

/**
 * Reads a pipeline file (YAML 1.2, so JSON too) into a {@link PipelineSpec}, strictly: unknown
 * top-level keys, missing or ill-typed values, unknown ops, duplicate or colliding names, dangling
 * references and cycles are {@link PipelineException}s naming the file, the node and the key.
 * Unknown op arguments are found later, when the op's factory has read what it knows
 * ({@link ArgReader#finish}).
 *
 * <pre>{@code
 * PipelineSpec spec = PipelineFile.read(Path.of("conf/edge.yaml"), OpRegistry.catalogue());
 * for (NodeSpec node : spec.graph().topologicalOrder()) { ... }
 * }</pre>
 *
 * <p>The file format, key by key:
 * <pre>
 * name:     string, default the file name without extension
 * inputs:   [channel, ...]      required; bound to files on the command line, stacked in this order
 * axes:     xyz | zyx           default xyz: order of tuples and weight axes
 * weights:  path                optional; relative to the pipeline file's directory
 * nodes:    [{name, op, inputs?, init?, &lt;op arguments&gt;...}, ...]   required, non-empty
 * outputs:  [node | {node, datatype: float32|uint8|int8|int16|uint16|int32}, ...]
 *                               nodes written as volumes (float32 unless given); required unless
 *                               features is given
 * features: {from: node, spp: {levels: [1, 2, 4], mode: max|avg}}
 * inference: {mode: whole|sliding_window, roi_size: [X, Y, Z], overlap: 0.25, blend: constant|gaussian,
 *             sigma_scale: 0.125, padding: constant, cval: 0}    default mode whole ({@link Inference})
 * </pre>
 * Names (inputs and nodes) are letters, digits, {@code _ . -}, not starting with {@code . -} nor
 * ending with {@code .}: dots let a node match PyTorch's state-dict prefixes ({@code encoder.0}).
 */
public final class PipelineFile {
  static final Set<String> TOP_LEVEL_KEYS =
      Set.of("name", "inputs", "axes", "weights", "nodes", "outputs", "features", "inference");

  /** Largest pipeline file read (real ones are a few kilobytes): bounds what the YAML engine sees. */
  public static final int MAX_FILE_BYTES = 4 << 20;

  private PipelineFile() {}

  /**
   * Reads and validates {@code file}.
   *
   * @throws PipelineException naming the file (and node and key) on any error
   */
  public static PipelineSpec read(Path file, OpCatalogue ops) {
    String source = file.toString();
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1); // bounded even for a device or a huge file
      if (bytes.length > MAX_FILE_BYTES) {
        throw new PipelineException(source + ": more than " + MAX_FILE_BYTES
            + " bytes; a pipeline file is a few kilobytes of YAML or JSON");
      }
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new PipelineException(source + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new PipelineException(source + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new PipelineException(source + ": cannot read: " + e.getMessage(), e);
    }
    Path directory = file.toAbsolutePath().getParent();
    return parse(text, source, directory, ops);
  }

  /**
   * Parses pipeline text.
   *
   * @param source the file name used in messages (and, without extension, as the default name)
   * @param directory against which a relative {@code weights} path is resolved
   * @throws PipelineException naming {@code source} (and node and key) on any error
   */
  public static PipelineSpec parse(String text, String source, Path directory, OpCatalogue ops) {
    if (source.toLowerCase(Locale.ROOT).endsWith(".json")) {
      rejectTrailingCommas(text, source);
    }
    Object root;
    try {
      root = StrictYaml.loadYaml(text, source);
    } catch (YamlEngineException e) {
      throw new PipelineException(source + ": not valid YAML: " + StrictYaml.describe(e), e);
    }
    if (root == null) {
      throw PipelineException.atFile(source, "empty pipeline file");
    }
    Map<String, Object> top = mapping(root, source, "the file", TOP_LEVEL_KEYS);
    String name = top.containsKey("name") ? text(top.get("name"), source, "name") : defaultName(source);
    List<String> inputs = names(require(top, "inputs", source), source, "inputs");
    Axes axes = axes(top.get("axes"), source);
    Optional<Path> weights = Optional.ofNullable(top.get("weights"))
        .map(value -> directory.resolve(text(value, source, "weights")).normalize());
    Object nodesValue = require(top, "nodes", source);
    if (!(nodesValue instanceof List<?> nodeList) || nodeList.isEmpty()) {
      throw PipelineException.atFile(source, "nodes must be a non-empty list of node mappings, got "
          + ArgReader.show(nodesValue));
    }
    // node errors name "file:line", as compilers do; the line is where the node's entry starts
    List<Integer> lines = StrictYaml.elementLines(text, source, "nodes");
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < nodeList.size(); i++) {
      List<String> implied = i == 0 ? inputs : List.of(nodes.get(i - 1).name());
      String location = i < lines.size() && lines.get(i) > 0 ? source + ":" + lines.get(i) : source;
      nodes.add(node(nodeList.get(i), i, implied, location, axes, ops));
    }
    Optional<FeatureSpec> features = Optional.ofNullable(top.get("features")).map(value -> features(value, source));
    OutputList outputs;
    if (top.containsKey("outputs")) {
      outputs = OutputList.read(top.get("outputs"), features.isPresent(), text, source,
          nodes.stream().map(NodeSpec::name).toList(), inputs);
    } else if (features.isPresent()) {
      outputs = new OutputList(List.of(), Map.of());
    } else {
      throw PipelineException.atFile(source, "outputs missing: name the nodes to write, e.g. outputs: ["
          + nodes.get(nodes.size() - 1).name() + "]");
    }
    Inference inference = Inference.WHOLE;
    if (top.containsKey("inference")) {
      int line = StrictYaml.valueLine(text, source, "inference");
      inference = Inference.read(top.get("inference"), line > 0 ? source + ":" + line : source, axes);
    }
    PipelineSpec spec = new PipelineSpec(source, name, inputs, axes, weights, nodes, outputs.nodes(), features,
        outputs.datatypes(), inference);
    spec.graph(); // structural checks: names, references, cycles
    return spec;
  }

  /** One node entry; {@code source} is the file and line of the entry, e.g. {@code conf/edge.yaml:7}. */
  private static NodeSpec node(Object value, int index, List<String> implied, String source, Axes axes,
      OpCatalogue ops) {
    String where = "nodes[" + index + "]";
    if (!(value instanceof Map<?, ?>)) {
      throw PipelineException.atFile(source, where + " must be a mapping such as {name: c1, op: conv3d, ...}, got "
          + ArgReader.show(value));
    }
    Map<String, Object> entry = mapping(value, source, where, null);
    if (!entry.containsKey("name")) {
      throw PipelineException.atFile(source, where + ": name missing");
    }
    String name = name(entry.get("name"), source, where + ".name");
    if (!entry.containsKey("op")) {
      throw PipelineException.atNode(source, name, "op missing");
    }
    if (!(entry.get("op") instanceof String op)) {
      throw PipelineException.atNode(source, name, "op must be a string, got " + ArgReader.show(entry.get("op")));
    }
    if (!ops.knows(op)) {
      throw PipelineException.atNode(source, name, "unknown op '" + op + "'" + Spelling.suggestion(op, ops.opNames()));
    }
    boolean explicit = entry.containsKey("inputs");
    List<String> inputs = explicit ? nodeInputs(entry.get("inputs"), source, name) : implied;
    Optional<InitSpec> init = Optional.ofNullable(entry.get("init")).map(spec -> init(spec, source, name, axes));
    Map<String, Object> args = new LinkedHashMap<>(entry);
    args.keySet().removeAll(ArgReader.NODE_KEYS);
    return new NodeSpec(name, op, inputs, !explicit, new NodeArgs(source, name, axes, "", args), init);
  }

  private static List<String> nodeInputs(Object value, String source, String node) {
    List<String> inputs = value instanceof String single ? List.of(single) : null;
    if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
      inputs = list.stream().map(String.class::cast).toList();
    }
    if (inputs == null) {
      throw PipelineException.atNode(source, node, "inputs must be a node or input name or a non-empty list of them, got "
          + ArgReader.show(value));
    }
    return inputs;
  }

  private static InitSpec init(Object value, String source, String node, Axes axes) {
    if (!(value instanceof Map<?, ?>)) {
      throw PipelineException.atNode(source, node, "init must be a mapping such as {seed: 7} or "
          + "{kernel: gaussian, sigma: 1.0}, got " + ArgReader.show(value));
    }
    Map<String, Object> params = mapping(value, source, "node '" + node + "': init", null);
    boolean seeded = params.containsKey("seed");
    boolean kernel = params.containsKey("kernel");
    if (seeded == kernel) {
      throw PipelineException.atNode(source, node, "init must give either kernel or seed" + (seeded ? ", not both" : ""));
    }
    Object chosen = params.remove(seeded ? "seed" : "kernel");
    NodeArgs rest = new NodeArgs(source, node, axes, "init.", params);
    if (seeded) {
      if (!(chosen instanceof Integer || chosen instanceof Long)) {
        throw rest.error("seed", "must be an integer, got " + ArgReader.show(chosen));
      }
      rest.reader().finish("a seeded init, which takes only seed");
      return new InitSpec(Optional.empty(), OptionalLong.of(((Number) chosen).longValue()), rest);
    }
    if (!(chosen instanceof String kernelName)) {
      throw rest.error("kernel", "must be a kernel name such as gaussian, got " + ArgReader.show(chosen));
    }
    return new InitSpec(Optional.of(kernelName), OptionalLong.empty(), rest);
  }

  private static FeatureSpec features(Object value, String source) {
    Map<String, Object> features = mapping(value, source, "features", Set.of("from", "spp"));
    String from = text(require(features, "from", source, "features.from"), source, "features.from");
    Map<String, Object> spp = mapping(require(features, "spp", source, "features.spp"), source, "features.spp",
        Set.of("levels", "mode"));
    List<Integer> levels = List.of(1, 2, 4);
    if (spp.containsKey("levels")) {
      Object levelsValue = spp.get("levels");
      if (!(levelsValue instanceof List<?> list) || list.isEmpty()
          || !list.stream().allMatch(level -> level instanceof Integer number && number >= 1)) {
        throw PipelineException.atFile(source, "features.spp.levels must be a non-empty list of positive integers, got "
            + ArgReader.show(levelsValue));
      }
      levels = list.stream().map(Integer.class::cast).toList();
    }
    Object modeValue = spp.getOrDefault("mode", PoolMode.MAX.label());
    PoolMode mode = modeValue instanceof String label ? PoolMode.fromLabel(label) : null;
    if (mode == null) {
      throw PipelineException.atFile(source, "features.spp.mode must be max or avg, got " + ArgReader.show(modeValue));
    }
    return new FeatureSpec(from, levels, mode);
  }

  /**
   * YAML 1.2 reads JSON, and also accepts a trailing comma ({@code [a, b,]}), which JSON does not.
   * A {@code .json} pipeline is often read by other JSON tools too, so it must be JSON they accept.
   */
  private static void rejectTrailingCommas(String text, String source) {
    StrictYaml.outsideStrings(text, i -> {
      if (text.charAt(i) != ',') {
        return;
      }
      int next = i + 1;
      while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
        next++;
      }
      if (next < text.length() && (text.charAt(next) == ']' || text.charAt(next) == '}')) {
        long line = 1 + text.substring(0, i).chars().filter(ch -> ch == '\n').count();
        throw PipelineException.atFile(source + ":" + line, "trailing comma before '" + text.charAt(next)
            + "': not JSON (a .json pipeline must be strict JSON; a .yaml one may have it)");
      }
    });
  }

  private static String defaultName(String source) {
    String file = Path.of(source).getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
