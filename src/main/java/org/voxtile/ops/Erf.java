package org.voxtile.ops;

/**
 * The error function in float64, accurate to about 1e-15 relative, for GELU. For |x| &lt; 6 it
 * sums the series erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), whose
 * terms are all positive (no cancellation); beyond 6, erf is 1 to double precision.
 */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  private Erf() {}

  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double a = Math.abs(x);
    if (a >= 6.0) {
      return Math.copySign(1.0, x);
    }
    double term = a;
    double sum = a;
    double twoXSquared = 2.0 * a * a;
    for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= twoXSquared / (2 * n + 1);
      sum += term;
    }
    return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum, x);
  }
}
