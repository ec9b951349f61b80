/**
 * The network: a pipeline bound to ops and weights for one input extent, as a DAG with its
 * shapes. Reads the file model of {@code org.voxtile.network.pipeline} and the tensors of
 * {@code org.voxtile.network.weights}; builds ops of {@code org.voxtile.ops}. No Spark, no I/O
 * beyond reading a pipeline and its weights file.
 *
 * <h2>The DAG</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.Network}: bound ops in topological order, with shape inference
 *   <li>{@link org.voxtile.network.Node}: one op and the names of its inputs
 *   <li>{@link org.voxtile.network.NodeShape}: a map's extent and channels
 * </ul>
 *
 * <h2>Binding a pipeline</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.Pipeline}: the driver's first step: read a pipeline, pick its
 *       weights, build it; {@code --save-weights}
 *   <li>{@link org.voxtile.network.NetworkBuilder}: binds a parsed pipeline to ops and weights for
 *       one input, every check before any voxel; lists missing weights for {@code describe}
 *   <li>{@code NodeWeights}: where a build's nodes get their weights (file, seed), which they
 *       used, which are missing
 * </ul>
 *
 * <h2>The ops a pipeline may name</h2>
 * <ul>
 *   <li>{@link org.voxtile.network.OpRegistry}: every op name, its class and how a node becomes
 *       it; adding an op is one entry here plus the op class
 *   <li>{@code OpFactory}: one node being built: its arguments, inputs and weights; reports keys
 *       no builder read
 *   <li>{@code ConvolutionFactory}: {@code conv3d} and {@code conv_transpose3d}
 *   <li>{@code KernelFactory}: the built-in kernels of {@code init: {kernel: ...}}
 *   <li>{@code PoolingFactory}: max, average and adaptive pooling
 *   <li>{@code LayerFactory}: batch norm, {@code gelu}, {@code concat}, {@code pad}, {@code crop}
 *   <li>{@code InterpolateFactory}: {@code interpolate} and PyTorch's refusals of its arguments
 *   <li>{@code PreprocessFactory}: {@code reorient}, {@code resample}, {@code crop_to},
 *       {@code pad_to}, {@code mask}; the ops that declare their grid get their input's grid from
 *       the build, which knows it for the pipeline input and maps on its grid
 * </ul>
 */
package org.voxtile.network;
