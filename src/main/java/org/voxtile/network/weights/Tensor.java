package org.voxtile.network.weights;

import static org.voxtile.Checks.checkArgument;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.voxtile.network.pipeline.Axes;

/**
 * A named tensor of float32 values in PyTorch's layout: row-major over {@code shape}, the last
 * axis fastest. A conv3d weight of shape (out, in, kx, ky, kz) therefore has kz fastest.
 * {@code dtype} records the element type the values were read from (written tensors are F32).
 *
 * <p>{@link #data()} is the internal array, as for {@code Volume.data()}: modifications are
 * reflected in this tensor. {@link #shape()} returns a copy.
 *
 * @param name the tensor's name in the file, e.g. {@code "c1.weight"}
 * @param dtype the element type in the file
 * @param shape the extent of each axis, outermost first; {@code []} for a scalar
 * @param data {@code product(shape)} values
 */
public record Tensor(String name, Dtype dtype, long[] shape, float[] data) implements Serializable {
  public Tensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    long count = 1;
    for (long extent : shape) {
      checkArgument(extent >= 0, "tensor '%s': negative extent in shape %s", name, Arrays.toString(shape));
      count = Math.multiplyExact(count, extent);
    }
    checkArgument(count == data.length, "tensor '%s': shape %s holds %s values, data has %s",
        name, Arrays.toString(shape), count, data.length);
  }

  /** An F32 tensor. */
  public static Tensor of(String name, long[] shape, float[] data) {
    return new Tensor(name, Dtype.F32, shape, data);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of axes. */
  public int rank() {
    return shape.length;
  }

  /** True when this tensor's shape equals {@code expected}. */
  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  /** The shape as PyTorch prints it, e.g. {@code [16, 2, 3, 3, 3]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  /**
   * This tensor with its last three axes reversed: (a, b, kz, ky, kx) becomes (a, b, kx, ky, kz).
   * That maps a weight stored in SimpleITK's (z, y, x) order (pipeline {@code axes: zyx}) to
   * voxtile's (x, y, z) order; applied twice it is the identity.
   *
   * @throws IllegalArgumentException if the rank is below 3
   */
  public Tensor withSpatialAxesReversed() {
    checkArgument(shape.length >= 3, "tensor '%s' of shape %s has no three spatial axes", name, shapeString());
    int rank = shape.length;
    int n2 = Math.toIntExact(shape[rank - 3]);
    int n1 = Math.toIntExact(shape[rank - 2]);
    int n0 = Math.toIntExact(shape[rank - 1]);
    int block = n2 * n1 * n0;
    float[] reversed = new float[data.length];
    for (int base = 0; base < data.length; base += block) {
      for (int i2 = 0; i2 < n2; i2++) {
        for (int i1 = 0; i1 < n1; i1++) {
          for (int i0 = 0; i0 < n0; i0++) {
            // old (i2, i1, i0) in a (n2, n1, n0) block goes to new (i0, i1, i2) in a (n0, n1, n2) block
            reversed[base + (i0 * n1 + i1) * n2 + i2] = data[base + (i2 * n1 + i1) * n0 + i0];
          }
        }
      }
    }
    long[] reversedShape = shape.clone();
    reversedShape[rank - 3] = n0;
    reversedShape[rank - 1] = n2;
    return new Tensor(name, dtype, reversedShape, reversed);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor that
        && name.equals(that.name)
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Tensor[" + name + ", " + dtype + ", " + shapeString() + "]";
  }

  /**
   * This tensor, stored in a file of {@code axes}, in voxtile's order: for {@link Axes#ZYX}, a
   * tensor of rank 5 (out, in, kz, ky, kx) becomes (out, in, kx, ky, kz) via
   * {@link #withSpatialAxesReversed}; tensors of lower rank (bias, BatchNorm statistics) have no
   * spatial axes and are unchanged.
   */
  public Tensor toXyz(Axes axes) {
    return axes == Axes.ZYX && rank() == 5 ? withSpatialAxesReversed() : this;
  }

  /** This tensor, in voxtile's order, as a file of {@code axes} stores it: the inverse of {@link #toXyz}. */
  public Tensor toStored(Axes axes) {
    return toXyz(axes); // reversing three axes is its own inverse
  }
}
