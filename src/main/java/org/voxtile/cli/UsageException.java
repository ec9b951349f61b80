package org.voxtile.cli;

import org.voxtile.VoxtileException;

/** Command-line arguments that do not fit a command's usage: exit status 2, usage shown. */
public class UsageException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
