package org.voxtile.nifti;

import java.util.Arrays;

/**
 * One header extension: its {@code ecode} (e.g. 6 = comment, 4 = AFNI) and its raw content bytes
 * (the {@code esize - 8} bytes after the code, trailing NUL padding stripped as nibabel
 * strips it).
 */
public record NiftiExtension(int code, byte[] content) {
  public NiftiExtension {
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public int length() {
    return content.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NiftiExtension e && e.code == code && Arrays.equals(e.content, content);
  }

  @Override
  public int hashCode() {
    return code * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "NiftiExtension[code=" + code + ", " + content.length + " bytes]";
  }
}
