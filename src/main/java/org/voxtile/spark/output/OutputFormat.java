package org.voxtile.spark.output;

import java.util.Locale;

/**
 * How output volumes are written ({@code --output-format}): NIfTI files stitched by the driver
 * ({@code <node>.nii.gz}), OME-Zarr images whose chunks the tasks write themselves
 * ({@code <node>.ome.zarr}), or both from the same tiles.
 */
public enum OutputFormat {
  NIFTI,
  ZARR,
  BOTH;

  public boolean writesNifti() {
    return this != ZARR;
  }

  public boolean writesZarr() {
    return this != NIFTI;
  }

  /** {@code nifti}, {@code zarr}, {@code both}: the command line's spelling. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for any other text */
  public static OutputFormat of(String label) {
    for (OutputFormat f : values()) {
      if (f.label().equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no output format " + label);
  }
}
