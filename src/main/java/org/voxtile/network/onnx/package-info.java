/**
 * ONNX import: a model exported by {@code torch.onnx.export} becomes the same in-memory pipeline
 * ({@code PipelineSpec}) the pipeline reader makes, with its weights as tensors, so describe,
 * tiling and run treat it like any pipeline. Parsing is protobuf-java's, with the schema subset
 * in {@code src/main/proto/onnx.proto} (generated classes in {@code onnx.proto}). No Spark.
 *
 * <h2>Reading</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.onnx.OnnxFile}: the file to a model, whole-model checks (opset,
 *       functions, size)
 *   <li>{@code OnnxGraph}: constants, producers and consumers, the nodes in dependency order;
 *       missing values and cycles refused
 *   <li>{@code OnnxNode}: typed attributes with ONNX's defaults; subgraph attributes refused
 *   <li>{@code OnnxTensors}: tensor values (float32/float16/float64, int64/int32, raw_data),
 *       dims checked against the data before any allocation; external data refused
 * </ul>
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.onnx.OnnxImport}: the entry point and the op dispatch
 *   <li>{@code ConvMappings}: Conv, ConvTranspose, MaxPool, AveragePool, global pools
 *   <li>{@code LayerMappings}: norms, activations, Add, Mul, Concat, Clip, Softmax, ArgMax, Dropout
 *   <li>{@code ResampleMappings}: Resize/Upsample, Pad, Slice
 *   <li>{@code GroupNormPattern}: torch 1.13's five-node GroupNorm as one {@code group_norm}
 *   <li>{@code ImportState}, {@code NodeNames}: the nodes made so far; module-path node names
 *   <li>{@link org.voxtile.network.onnx.InputShape}: a fixed export shape, checked per scan
 * </ul>
 */
package org.voxtile.network.onnx;
