package org.voxtile.ops;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChannelAffine}'s run of {@code y = (x - center) / divisor * gain + offset} in double,
 * rounded once to float, with the Vector API: each lane does the scalar code's four IEEE
 * operations in the same order (no fused multiply-add), so the bits are the reference loop's.
 * Loaded only when {@link VectorSupport#AVAILABLE}.
 */
final class VectorAffineRun {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128; // as many lanes as DOUBLES

  private VectorAffineRun() {}

  /** Maps {@code data[from, from + length)} in place; the tail the vectors leave goes to the scalar loop. */
  static int map(float[] data, int from, int length, double center, double divisor, double gain, double offset) {
    int lanes = FLOATS.length();
    int end = from + length - (length % lanes);
    DoubleVector c = DoubleVector.broadcast(DOUBLES, center);
    DoubleVector d = DoubleVector.broadcast(DOUBLES, divisor);
    DoubleVector g = DoubleVector.broadcast(DOUBLES, gain);
    DoubleVector o = DoubleVector.broadcast(DOUBLES, offset);
    for (int i = from; i < end; i += lanes) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, data, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector y = x.sub(c).div(d).mul(g).add(o);
      ((FloatVector) y.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(data, i);
    }
    return end - from;
  }
}
