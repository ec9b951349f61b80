package org.voxtile.ops;

/**
 * The error function in float64, accurate to about 2e-15 (GELU rounds it to float32).
 *
 * <p>Around each node c = i / 16, 0 &lt;= c &lt;= 6, erf is a polynomial in h = x - c
 * (|h| &lt;= 1/32): Taylor's series, whose derivatives are Hermite polynomials,
 * erf(c + h) = erf(c) + sum_{k &gt;= 1} a_k h^k with
 * a_k = 2/sqrt(pi) * exp(-c^2) * (-1)^(k-1) H_(k-1)(c) / k!
 * (H_0 = 1, H_1 = 2c, H_(k+1) = 2c H_k - 2k H_(k-1)), cut after {@link #TERMS} terms and evaluated
 * by Horner's rule. The coefficients and erf(c) are computed once, at class initialisation, erf(c)
 * from the series 2/sqrt(pi) * exp(-c^2) * sum_n 2^n c^(2n+1) / (1*3*...*(2n+1)), whose terms are
 * all positive (no cancellation). Beyond 6, erf is 1 to double precision.
 */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final int PER_UNIT = 16;
  private static final double LIMIT = 6.0;
  static final int TERMS = 12;
  private static final int NODES = (int) (LIMIT * PER_UNIT) + 1;
  private static final double[] ERF_AT = new double[NODES];
  /** a_1 .. a_TERMS of node i at [i * TERMS, (i + 1) * TERMS). */
  private static final double[] COEFFICIENTS = new double[NODES * TERMS];

  static {
    for (int i = 0; i < NODES; i++) {
      double c = (double) i / PER_UNIT;
      ERF_AT[i] = bySeries(c);
      double slope = TWO_OVER_SQRT_PI * Math.exp(-c * c);
      double previous = 0;
      double hermite = 1; // H_(k-1)
      double factorial = 1;
      for (int k = 1; k <= TERMS; k++) {
        factorial *= k;
        COEFFICIENTS[i * TERMS + k - 1] = slope * (k % 2 == 1 ? hermite : -hermite) / factorial;
        double next = 2 * c * hermite - 2 * (k - 1) * previous;
        previous = hermite;
        hermite = next;
      }
    }
  }

  private Erf() {}

  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double a = Math.abs(x);
    if (a >= LIMIT) {
      return Math.copySign(1.0, x);
    }
    int i = (int) Math.rint(a * PER_UNIT);
    double h = a - (double) i / PER_UNIT;
    int base = i * TERMS;
    double p = COEFFICIENTS[base + TERMS - 1];
    for (int k = TERMS - 2; k >= 0; k--) {
      p = Math.fma(p, h, COEFFICIENTS[base + k]);
    }
    return Math.copySign(Math.min(1.0, ERF_AT[i] + p * h), x);
  }

  /** The all-positive series (slow for large |x|; used for the nodes and in tests). */
  static double bySeries(double x) {
    double a = Math.abs(x);
    double term = a;
    double sum = a;
    double twoXSquared = 2.0 * a * a;
    for (int n = 1; n < 400 && term > sum * 1e-18; n++) {
      term *= twoXSquared / (2 * n + 1);
      sum += term;
    }
    return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum, x);
  }
}
