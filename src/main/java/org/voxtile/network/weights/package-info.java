/**
 * Weight tensors: the {@code .safetensors} format, the tensors it holds, how they are handed to
 * the nodes of a pipeline, and PyTorch's seeded starting values. Depends on
 * {@code org.voxtile.network.pipeline} only for {@code Axes} and its strict JSON reader.
 *
 * <h2>Tensors</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.weights.Tensor}: a named float32 tensor in PyTorch's layout
 *   <li>{@link org.voxtile.network.weights.Dtype}: the element types read (F32, F16, BF16, F64)
 *   <li>{@link org.voxtile.network.weights.Weights}: a named collection of tensors, as one file holds them
 * </ul>
 *
 * <h2>The file format</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.weights.Safetensors}: reads and writes {@code .safetensors} files
 *   <li>{@link org.voxtile.network.weights.SafetensorsHeader}: the JSON header, checked entry by entry
 * </ul>
 *
 * <h2>Binding and starting values</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.weights.WeightBinder}: hands tensors to nodes, checking shapes,
 *       and finds the tensors no node asked for
 *   <li>{@link org.voxtile.network.weights.SeededInit}: {@code init: {seed: N}}, PyTorch's default
 *       initialisation, reproducibly
 * </ul>
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.weights.WeightsException}: weights the driver cannot use
 * </ul>
 */
package org.voxtile.network.weights;
