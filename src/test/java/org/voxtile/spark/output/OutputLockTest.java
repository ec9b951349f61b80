package org.voxtile.spark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

class OutputLockTest {
  @TempDir
  Path temp;

  private Path lockFile() {
    return temp.resolve(OutputNames.LOCK);
  }

  private void heldBy(long pid, String host) throws Exception {
    Files.writeString(lockFile(), new OutputLock.Owner(pid, host, "2026-11-28T08:00:00Z").text());
  }

  private static long exitedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aRunHoldsTheDirectoryUntilItReleasesIt() {
    OutputLock lock = OutputLock.acquire(Location.of(temp));
    assertTrue(Files.exists(lockFile()));
    VoxtileException e = assertThrows(VoxtileException.class, () -> OutputLock.acquire(Location.of(temp)));
    assertTrue(e.getMessage().contains("in use by another voxtile run (pid " + ProcessHandle.current().pid())
        && e.getMessage().contains(lockFile().toString()), e.getMessage());
    assertThrows(VoxtileException.class, () -> OutputLock.check(Location.of(temp)), "validation refuses it too");
    lock.release();
    assertFalse(Files.exists(lockFile()));
    OutputLock.check(Location.of(temp));
    OutputLock.acquire(Location.of(temp)).release();
  }

  @Test
  void aLockOfAProcessGoneFromThisHostIsTakenOver() throws Exception {
    long gone = exitedPid();
    heldBy(gone, OutputLock.Owner.current().host());
    OutputLock.check(Location.of(temp));
    OutputLock lock = OutputLock.acquire(Location.of(temp));
    assertTrue(Files.readString(lockFile()).contains("pid=" + ProcessHandle.current().pid()));
    lock.release();
  }

  @Test
  void aLockOfAnotherHostIsRefusedSinceItCannotBeChecked() throws Exception {
    heldBy(exitedPid(), "another-host.example");
    VoxtileException e = assertThrows(VoxtileException.class, () -> OutputLock.acquire(Location.of(temp)));
    assertTrue(e.getMessage().contains("on another-host.example"), e.getMessage());
    assertEquals("pid", Files.readString(lockFile()).substring(0, 3), "left as it was");
  }

  @Test
  void anUnreadableLockIsTakenOver() throws Exception {
    Files.writeString(lockFile(), "garbage");
    OutputLock.acquire(Location.of(temp)).release();
    assertFalse(Files.exists(lockFile()));
  }
}
