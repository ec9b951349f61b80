package org.voxtile.zarr;

import org.voxtile.VoxtileException;

/**
 * A Zarr array or OME-Zarr image that cannot be read as asked. The message starts with the array
 * (or group) and names the key at fault, e.g.
 * {@code "t1.zarr/0: .zarray key 'order' is \"F\": only C order is supported"}.
 */
public class InvalidZarrException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  public InvalidZarrException(String array, String problem) {
    super(array + ": " + problem);
  }

  public InvalidZarrException(String array, String problem, Throwable cause) {
    super(array + ": " + problem, cause);
  }
}
