/**
 * The kernels: {@link org.voxtile.ops.Conv3d}, {@link org.voxtile.ops.ConvTranspose3d},
 * {@link org.voxtile.ops.MaxPool3d}, {@link org.voxtile.ops.AvgPool3d},
 * {@link org.voxtile.ops.AdaptivePool3d}, {@link org.voxtile.ops.SpatialPyramidPooling},
 * {@link org.voxtile.ops.Activation}, {@link org.voxtile.ops.Add}, {@link org.voxtile.ops.Concat},
 * {@link org.voxtile.ops.BatchNorm3d}, {@link org.voxtile.ops.Interpolate} (with its per-axis index
 * rules {@code InterpolationAxis} and sums {@code TrilinearSum}), the layers of trained models
 * ({@link org.voxtile.ops.PRelu}, {@link org.voxtile.ops.ChannelSoftmax}, {@link org.voxtile.ops.Argmax},
 * {@link org.voxtile.ops.LocalResponseNorm}, {@link org.voxtile.ops.Dropout},
 * {@link org.voxtile.ops.Mul}, {@link org.voxtile.ops.Clamp}) and the built-in
 * {@link org.voxtile.ops.Kernels}. Pure Java,
 * forward only, float32, no Spark.
 *
 * <p><b>Global ops</b> need statistics of their whole input map: {@link org.voxtile.ops.GlobalOp}
 * (reduce over a box, then bind to a local op), {@link org.voxtile.ops.GroupNorm} (group_norm and
 * instance_norm), {@link org.voxtile.ops.Normalize} (z-score, min-max, percentile per scan) and
 * {@link org.voxtile.ops.ChannelAffine}, the local op they bind to. A staged plan (tiling) computes
 * them exactly.
 *
 * <p><b>Preprocessing ops</b> give their output a grid of their own ({@link org.voxtile.ops.Regridding},
 * built for one input grid): {@link org.voxtile.ops.Reorient} (nibabel's reorientation),
 * {@link org.voxtile.ops.Resample} (nibabel's resample_to_output, scipy's arithmetic),
 * {@link org.voxtile.ops.CropTo} and {@link org.voxtile.ops.PadTo} (TorchIO's CropOrPad); and
 * {@link org.voxtile.ops.Mask}, voxelwise.
 *
 * <p><b>Semantics</b> are {@code torch.nn.functional}'s with voxtile (x, y, z) = PyTorch (D, H, W)
 * of a tensor (N, C, X, Y, Z) built from a nibabel array; every size tuple is (x, y, z) and weight
 * tensors keep PyTorch's shape and contiguous order (kz fastest). Volumes are stored x fastest, so
 * weight element {@code w[o][i][a][b][c]} multiplies the input at offset (a, b, c) from the window
 * start (x * sx - px, y * sy - py, z * sz - pz), dilated.
 *
 * <p><b>Tiling contract</b> ({@link org.voxtile.ops.Op}): every op maps an output box to the input
 * box it reads and computes any output box from that input clipped to the global input extent,
 * with the op's own padding outside the extent. The result does not depend on the box: each output
 * voxel is accumulated in a fixed order (convolutions: bias, then input channel, kz, ky, kx, one
 * {@code fma} each; pools: kz, ky, kx), in the scalar reference and the Vector API fast path alike.
 * The fast paths vectorise across output voxels along x and block output channels, never splitting
 * one voxel's sum; threads split output rows or planes.
 *
 * <p><b>Fast path</b>: the Vector API ({@code jdk.incubator.vector}, the JVM needs
 * {@code --add-modules jdk.incubator.vector}) is used only by {@code VectorRowKernel}; without the
 * module, or with {@code -Dvoxtile.vector=false}, the ops run their reference implementations and
 * give the same bits.
 *
 * <p><b>Shared pieces</b> (package-private), so that a rule common to several ops is written once:
 * {@code Inputs} (the checks every {@code compute} runs), {@code Voxelwise} and {@code PerChannel}
 * (the region map, arity and channel rule of ops of one kind), {@code PoolWindow} (max and avg
 * pooling's geometry and row walk), {@code ConvArguments} (the convolutions' argument rules) and
 * {@code ChannelBlocks} (how the fast paths block output channels); {@code VectorAddRun} (avg
 * pooling's window sums along x, Vector API). The value loops stay in each
 * op: they differ in what they compute, and their order is part of the result.
 */
package org.voxtile.ops;
