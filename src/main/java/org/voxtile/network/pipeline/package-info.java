/**
 * The pipeline file: its model and its strict reader. Nothing here builds an op or reads a
 * weight; {@code org.voxtile.network} binds what this package reads.
 *
 * <h2>Reading</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.pipeline.PipelineFile}: reads a YAML or JSON pipeline file into a
 *       {@link org.voxtile.network.pipeline.PipelineSpec}, refusing unknown keys, ops and names
 *   <li>{@link org.voxtile.network.pipeline.OutputList}: {@code outputs:}, node names or
 *       {@code {node, datatype}}, with the line of each entry in messages
 *   <li>{@link org.voxtile.network.pipeline.FileValues}: typed reading of the file's own values:
 *       mappings with known keys, names, references, text
 *   <li>{@link org.voxtile.network.pipeline.StrictYaml}: the one way voxtile loads YAML 1.2 and JSON
 *       (one document, no duplicate keys, no tags, bounded depth), with element line numbers
 *   <li>{@link org.voxtile.network.pipeline.OpCatalogue}: the op names a file may use
 *   <li>{@link org.voxtile.network.pipeline.Spelling}: "did you mean" suggestions for misspelt names
 * </ul>
 *
 * <h2>The file model</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.pipeline.PipelineSpec}: a whole file as written
 *   <li>{@link org.voxtile.network.pipeline.PipelineGraph}: its DAG, checked for dangling names and cycles
 *   <li>{@link org.voxtile.network.pipeline.NodeSpec}: one node: op, inputs, arguments, init
 *   <li>{@link org.voxtile.network.pipeline.InitSpec}: a node's {@code init}: a built-in kernel or a seed
 *   <li>{@link org.voxtile.network.pipeline.Inference}: {@code inference:}, whole-volume or MONAI's sliding
 *       window, with the flags that override it
 *   <li>{@link org.voxtile.network.pipeline.FeatureSpec}: the per-scan feature vector ({@code features: spp})
 *   <li>{@link org.voxtile.network.pipeline.Axes}: the file's axis order, xyz or zyx
 *   <li>{@link org.voxtile.network.pipeline.OutputDatatype}: the voxel type an output is written in
 *       (float32, or an integer type for label maps)
 * </ul>
 *
 * <h2>Op arguments</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.pipeline.NodeArgs}: a node's arguments as written, with its source line
 *   <li>{@link org.voxtile.network.pipeline.ArgReader}: typed reading of them with PyTorch's defaults;
 *       reports the keys no one read
 *   <li>{@link org.voxtile.network.pipeline.Triple}: an integer per axis, in (x, y, z) order
 * </ul>
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.pipeline.PipelineException}: a file the driver cannot run, named
 *       by file, node and key
 * </ul>
 */
package org.voxtile.network.pipeline;
