package org.voxtile.spark.output;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * {@code DIR/_voxtile.lock}: one run per output directory. Two runs writing into one directory
 * would delete each other's scratch ({@code --overwrite} and {@code --resume} clear
 * {@code _temporary}) and could leave a {@code _SUCCESS} beside another run's half-written files.
 * The lock is created exclusively (the file system decides between two runs that start at once)
 * and names its owner; it is removed when the run ends, failed or not. A run killed outright
 * leaves it behind: a lock whose process is gone from this host is taken over; a lock of another
 * host cannot be checked and is refused, with what to delete.
 */
public final class OutputLock {

  private final Location file;

  private OutputLock(Location file) {
    this.file = file;
  }

  /** Refuses, before anything is written, a directory that a live run holds. */
  public static void check(Location dir) {
    Location lock = dir.resolve(OutputNames.LOCK);
    if (lock.exists()) {
      holder(lock).filter(owner -> !owner.isStale()).ifPresent(owner -> {
        throw busy(dir, lock, owner);
      });
    }
  }

  /** Takes the directory (which must exist) for this run, or refuses it as {@link #check} does. */
  public static OutputLock acquire(Location dir) {
    Location lock = dir.resolve(OutputNames.LOCK);
    Owner me = Owner.current();
    for (int attempt = 0; attempt < 2; attempt++) {
      if (lock.createExclusively(me.text())) {
        return new OutputLock(lock);
      }
      Optional<Owner> owner = holder(lock);
      if (owner.isPresent() && !owner.get().isStale()) {
        throw busy(dir, lock, owner.get());
      }
      lock.delete(); // its run is gone (or the file is unreadable garbage): take over
    }
    throw new VoxtileException("cannot take " + lock + ": another run keeps taking it; run one job per output directory");
  }

  /** Ends this run's hold; best effort (a lock left behind is taken over on this host). */
  public void release() {
    try {
      file.delete();
    } catch (RuntimeException e) {
      // the run's result stands; the next run on this host takes the stale lock over
    }
  }

  private static Optional<Owner> holder(Location lock) {
    try {
      return Owner.parse(lock.readString());
    } catch (RuntimeException e) {
      return Optional.empty(); // vanished meanwhile, or unreadable
    }
  }

  private static VoxtileException busy(Location dir, Location lock, Owner owner) {
    return new VoxtileException("output directory " + dir + " is in use by another voxtile run (pid " + owner.pid
        + " on " + owner.host + ", since " + owner.started + "); run one job per output directory, or delete "
        + lock + " if that run is gone");
  }

  /** Who holds a lock: process, host, start time. */
  record Owner(long pid, String host, String started) {
    static Owner current() {
      return new Owner(ProcessHandle.current().pid(), hostName(), Instant.now().toString());
    }

    String text() {
      return "pid=" + pid + "\nhost=" + host + "\nstarted=" + started + "\n";
    }

    static Optional<Owner> parse(String text) {
      long pid = -1;
      String host = null;
      String started = "?";
      for (String line : text.split("\n")) {
        if (line.startsWith("pid=")) {
          pid = Long.parseLong(line.substring(4).trim());
        } else if (line.startsWith("host=")) {
          host = line.substring(5).trim();
        } else if (line.startsWith("started=")) {
          started = line.substring(8).trim();
        }
      }
      return pid < 0 || host == null ? Optional.empty() : Optional.of(new Owner(pid, host, started));
    }

    /** A process of this host that no longer runs; another host's processes are never judged. */
    boolean isStale() {
      return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        return "unknown-host";
      }
    }
  }
}
