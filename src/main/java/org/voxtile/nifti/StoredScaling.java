package org.voxtile.nifti;

/**
 * How float values become stored values of a datatype: {@code stored = (value - inter) / slope},
 * rounded to nearest and clipped to the type for integer types, so that a reader's
 * {@code stored * slope + inter} gives the value back (exactly when it was representable).
 * NaN is stored as the value nearest 0 (integers hold no NaN); infinities clip.
 */
record StoredScaling(NiftiDataType type, double slope, double inter) {
  static StoredScaling identity(NiftiDataType type) {
    return new StoredScaling(type, 1, 0);
  }

  /**
   * The scaling for values in [min, max]: none when the type is float, or when every value is a
   * whole number the type holds; else the range mapped onto the type's full range, as nibabel's
   * array writers do. With {@code float32Fields} (NIfTI-1) slope and intercept are rounded to
   * float32 first, because the reader sees the stored float32 values.
   */
  static StoredScaling choose(NiftiDataType type, double min, double max, boolean wholeNumbers,
      boolean float32Fields) {
    if (!type.isInteger() || !(min <= max)) {
      return identity(type);
    }
    if (wholeNumbers && min >= type.minValue() && max <= type.maxValue()) {
      return identity(type);
    }
    double low = type.minValue();
    double high = type.maxValue();
    if (type == NiftiDataType.INT64 || type == NiftiDataType.UINT64) {
      // Keep clear of the ends a double cannot round back into the type.
      low = low / 2;
      high = high / 2;
    }
    double slope;
    double inter;
    if (max == min) {
      slope = 1;
      inter = min;
    } else {
      slope = (max - min) / (high - low);
      inter = min - low * slope;
    }
    if (float32Fields) {
      slope = (float) slope;
      inter = (float) inter;
      if (slope == 0) {
        slope = Float.MIN_VALUE;
      }
    }
    return new StoredScaling(type, slope, inter);
  }

  /** The value to encode for {@code value}. */
  double stored(double value) {
    if (!type.isInteger()) {
      return value;
    }
    double raw = Double.isNaN(value) ? -inter / slope : (value - inter) / slope;
    raw = Math.rint(raw);
    if (raw < type.minValue()) {
      return type.minValue();
    }
    if (raw > type.maxValue()) {
      return type.maxValue();
    }
    return Double.isNaN(raw) ? 0 : raw;
  }
}
