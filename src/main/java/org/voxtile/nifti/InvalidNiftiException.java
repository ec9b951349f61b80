package org.voxtile.nifti;

import java.nio.file.Path;
import org.voxtile.VoxtileException;

/**
 * A NIfTI file that cannot be read as asked: truncated, inconsistent, hostile or of an unsupported
 * kind. The message starts with the file name and names the header field at fault, e.g.
 * {@code "scan.nii.gz: dim[3]=-4, expected a positive size"}.
 */
public class InvalidNiftiException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public InvalidNiftiException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public InvalidNiftiException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public InvalidNiftiException(Path file, String problem) {
    this(String.valueOf(file), problem);
  }

  public InvalidNiftiException(Path file, String problem, Throwable cause) {
    this(String.valueOf(file), problem, cause);
  }

  /** The file (as given by the caller) the problem was found in. */
  public String file() {
    return file;
  }
}
