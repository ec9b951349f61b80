package org.voxtile.volume;

/** Unit of the world coordinates and voxel spacing, as NIfTI's xyzt_units spatial bits. */
public enum SpatialUnit {
  UNKNOWN(0, "unknown"),
  METER(1, "m"),
  MM(2, "mm"),
  MICRON(3, "um");

  private final int niftiCode;
  private final String symbol;

  SpatialUnit(int niftiCode, String symbol) {
    this.niftiCode = niftiCode;
    this.symbol = symbol;
  }

  /** The code in the low three bits of NIfTI's xyzt_units. */
  public int niftiCode() {
    return niftiCode;
  }

  public String symbol() {
    return symbol;
  }

  /** The unit for the spatial bits of xyzt_units; unrecognised codes give {@link #UNKNOWN}. */
  public static SpatialUnit fromNiftiUnits(int xyztUnits) {
    int code = xyztUnits & 0x07;
    for (SpatialUnit u : values()) {
      if (u.niftiCode == code) {
        return u;
      }
    }
    return UNKNOWN;
  }
}
