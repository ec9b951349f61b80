package org.voxtile.network.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pipeline file's {@code outputs:}: a node name, a mapping {@code {node: labels, datatype:
 * uint8}}, or a list of either, e.g. {@code outputs: [probs, {node: labels, datatype: uint8}]}. A
 * plain name is written as float32. Every error names the file and the line of the entry, as node
 * errors do: the line is where the user looks.
 *
 * @param nodes the output nodes, in file order
 * @param datatypes each output node's datatype
 */
record OutputList(List<String> nodes, Map<String, OutputDatatype> datatypes) {
  static final Set<String> KEYS = Set.of("node", "datatype");

  /**
   * @param mayBeEmpty whether {@code outputs: []} is allowed (the pipeline asks for features)
   * @param text the file's text, for the lines of the entries
   * @param nodeNames the pipeline's nodes, which outputs must name
   * @param inputs the pipeline's inputs, named in the message when an output names one
   */
  static OutputList read(Object value, boolean mayBeEmpty, String text, String source, Collection<String> nodeNames,
      List<String> inputs) {
    boolean listed = value instanceof List<?>;
    List<?> entries = listed ? (List<?>) value : value == null ? List.of() : List.of(value);
    if (entries.isEmpty() && !(listed && mayBeEmpty)) {
      throw PipelineException.atFile(source, "outputs must be a " + (mayBeEmpty ? "" : "non-empty ")
          + "list of node names or {node: ..., datatype: ...}, got " + ArgReader.show(value));
    }
    List<Integer> lines = listed
        ? StrictYaml.elementLines(text, source, "outputs") : List.of(StrictYaml.valueLine(text, source, "outputs"));
    List<String> nodes = new ArrayList<>();
    Map<String, OutputDatatype> datatypes = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String location = i < lines.size() && lines.get(i) > 0 ? source + ":" + lines.get(i) : source;
      String key = listed ? "outputs[" + i + "]" : "outputs";
      Object entry = entries.get(i);
      String node;
      OutputDatatype datatype = OutputDatatype.FLOAT32;
      if (entry instanceof String name) {
        node = name;
      } else if (entry instanceof Map<?, ?>) {
        Map<String, Object> fields = FileValues.mapping(entry, location, key, KEYS);
        node = FileValues.text(FileValues.require(fields, "node", location, key + ".node"), location, key + ".node");
        if (fields.containsKey("datatype")) {
          datatype = datatype(fields.get("datatype"), location, key + ".datatype");
        }
      } else {
        throw PipelineException.atFile(location, key + " must be a node name or {node: ..., datatype: ...}, got "
            + ArgReader.show(entry));
      }
      if (!nodeNames.contains(node)) {
        throw PipelineGraph.notANode(location, "outputs", node, inputs.contains(node), nodeNames);
      }
      if (datatypes.put(node, datatype) != null) {
        throw PipelineException.atFile(location, "outputs: '" + node + "' appears twice");
      }
      nodes.add(node);
    }
    return new OutputList(List.copyOf(nodes), datatypes);
  }

  private static OutputDatatype datatype(Object value, String location, String key) {
    OutputDatatype datatype = value instanceof String label ? OutputDatatype.fromLabel(label) : null;
    if (datatype == null) {
      String word = String.valueOf(value);
      throw PipelineException.atFile(location, key + ": " + ArgReader.show(value) + " is not a datatype voxtile "
          + "writes; expected one of " + String.join(", ", OutputDatatype.labels())
          + Spelling.suggestion(word, OutputDatatype.labels()));
    }
    return datatype;
  }
}
