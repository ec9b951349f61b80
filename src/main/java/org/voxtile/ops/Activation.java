package org.voxtile.ops;

import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * A pointwise activation, {@code torch.nn.functional} semantics: relu, leaky_relu(negative_slope),
 * sigmoid, tanh, elu(alpha) and gelu (the exact erf form, not the tanh approximation). The
 * transcendental ones are evaluated in float64 and rounded once to float32, which agrees with
 * PyTorch's float32 kernels to a few ulps. NaN stays NaN.
 *
 * <pre>{@code
 * Volume out = Activation.leakyRelu(0.01f).apply(features);
 * }</pre>
 */
public final class Activation implements Voxelwise, PerChannel, InPlace {
  /** The function applied to each voxel. */
  public enum Kind {
    RELU, LEAKY_RELU, SIGMOID, TANH, ELU, GELU
  }

  private static final double SQRT_HALF = Math.sqrt(0.5);

  private final Kind kind;
  private final float parameter;
  private final int threads;

  private Activation(Kind kind, float parameter) {
    this(kind, parameter, 1);
  }

  private Activation(Kind kind, float parameter, int threads) {
    this.kind = kind;
    this.parameter = parameter;
    this.threads = threads;
  }

  /** The same activation computed by {@code threads} threads (each value on its own). */
  public Activation withThreads(int threads) {
    return new Activation(kind, parameter, threads);
  }

  public static Activation relu() {
    return new Activation(Kind.RELU, 0f);
  }

  /** x for x &gt; 0, else x * negativeSlope (PyTorch's default slope is 0.01). */
  public static Activation leakyRelu(float negativeSlope) {
    return new Activation(Kind.LEAKY_RELU, negativeSlope);
  }

  public static Activation sigmoid() {
    return new Activation(Kind.SIGMOID, 0f);
  }

  public static Activation tanh() {
    return new Activation(Kind.TANH, 0f);
  }

  /** x for x &gt; 0, else alpha * (exp(x) - 1) (PyTorch's default alpha is 1). */
  public static Activation elu(float alpha) {
    return new Activation(Kind.ELU, alpha);
  }

  /** x * Phi(x) = x / 2 * (1 + erf(x / sqrt 2)). */
  public static Activation gelu() {
    return new Activation(Kind.GELU, 0f);
  }

  public Kind kind() {
    return kind;
  }

  /** Applies the activation to one value. */
  public float apply(float x) {
    return switch (kind) {
      case RELU -> x > 0f || Float.isNaN(x) ? x : 0f;
      case LEAKY_RELU -> x > 0f || Float.isNaN(x) ? x : x * parameter;
      case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-(double) x)));
      case TANH -> (float) Math.tanh(x);
      case ELU -> x > 0f || Float.isNaN(x) ? x : (float) (parameter * Math.expm1(x));
      case GELU -> (float) (0.5 * x * (1.0 + Erf.erf(x * SQRT_HALF)));
    };
  }

  @Override
  public String name() {
    return kind.name().toLowerCase();
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0];
  }


  @Override
  public void computeInPlace(Volume map) {
    float[] data = map.data();
    int blocks = (data.length + 4095) / 4096;
    Parallel.forRange(threads, blocks, (from, to) -> applyAll(data, from * 4096, Math.min(data.length, to * 4096)));
  }

  /** {@link #apply} over data[from, to), the kind chosen once so the loop stays simple for the JIT. */
  private void applyAll(float[] data, int from, int to) {
    if (kind == Kind.RELU) {
      for (int i = from; i < to; i++) {
        // the same bits as apply: Math.max keeps NaN and orders -0.0 below 0.0; the JIT vectorises it
        data[i] = Math.max(data[i], 0f);
      }
      return;
    }
    if (kind == Kind.LEAKY_RELU) { // every norm block's activation
      float slope = parameter;
      for (int i = from; i < to; i++) {
        float x = data[i];
        // as apply: NaN fails the test and stays itself, -0.0 passes it as apply's else branch does
        data[i] = x <= 0f ? x * slope : x;
      }
      return;
    }
    for (int i = from; i < to; i++) {
      data[i] = apply(data[i]);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LEAKY_RELU -> "leaky_relu(" + parameter + ")";
      case ELU -> "elu(" + parameter + ")";
      default -> name();
    };
  }
}
