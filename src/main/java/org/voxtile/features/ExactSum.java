package org.voxtile.features;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A sum of doubles that does not depend on the order of addition: finite terms are added exactly
 * (BigDecimal); infinite and NaN terms are added apart as doubles (inf + inf = inf, inf + -inf =
 * NaN, NaN wins: also order-free) and win over the finite part. Immutable.
 */
public record ExactSum(BigDecimal finite, double special) implements Serializable {
  static final ExactSum ZERO = new ExactSum(BigDecimal.ZERO, 0);

  ExactSum plus(double term) {
    return Double.isFinite(term) ? new ExactSum(finite.add(new BigDecimal(term)), special)
        : new ExactSum(finite, special + term);
  }

  ExactSum plus(ExactSum o) {
    return new ExactSum(finite.add(o.finite), special + o.special);
  }

  /** The sum divided by {@code n}, rounded once. */
  double dividedBy(double n) {
    return special != 0 ? special : finite.divide(new BigDecimal(n), MathContext.DECIMAL64).doubleValue();
  }

  BigDecimal exact() {
    return finite;
  }
}
