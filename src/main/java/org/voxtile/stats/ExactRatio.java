package org.voxtile.stats;

import java.math.BigInteger;

/**
 * Exact rationals rounded once: {@code num / den * 2^pow2} to the nearest double (ties to even).
 * The quotient is taken with at least 64 bits plus a sticky bit for the remainder, which
 * {@link BigInteger#doubleValue()} rounds correctly; only a result in the subnormal range may be
 * rounded twice.
 */
final class ExactRatio {
  private ExactRatio() {}

  /** {@code num / den * 2^pow2} rounded to the nearest double; {@code den} must not be zero. */
  static double of(BigInteger num, BigInteger den, int pow2) {
    if (num.signum() == 0) {
      return 0.0;
    }
    boolean negative = num.signum() != den.signum();
    BigInteger n = num.abs();
    BigInteger d = den.abs();
    int shift = 66 - (n.bitLength() - d.bitLength());
    if (shift > 0) {
      n = n.shiftLeft(shift);
    } else {
      d = d.shiftLeft(-shift);
    }
    BigInteger[] qr = n.divideAndRemainder(d);
    BigInteger q = qr[0].shiftLeft(1);
    if (qr[1].signum() != 0) {
      q = q.setBit(0); // sticky: the quotient is not exact, so a tie is really above the tie
    }
    double magnitude = Math.scalb(q.doubleValue(), pow2 - shift - 1);
    return negative ? -magnitude : magnitude;
  }
}
