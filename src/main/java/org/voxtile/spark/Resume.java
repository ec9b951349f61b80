package org.voxtile.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.VoxtileException;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.spark.output.DoneMarker;
import org.voxtile.spark.output.FeatureRow;
import org.voxtile.Json;
import org.voxtile.spark.output.OutputDirectory;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.storage.Location;

/**
 * The batch scans a run may skip ({@code --resume}) and how a finished batch scan is committed:
 * its files, {@code report.json}, its feature rows and its fingerprinted done marker are put
 * together in {@code DIR/_temporary/<scan id>/done} and that directory is renamed to
 * {@code DIR/<scan id>} in one step. So a job killed at any moment leaves each scan directory
 * either complete with its marker or absent: never a file under its final name for an unfinished
 * scan. It lives in {@code spark}, not {@code spark.output}, because it takes the job's types
 * ({@link RunPlan}, {@link Scan}, {@link ScanRun.Outcome}); the markers themselves are
 * {@link DoneMarker}'s, on plain values.
 */
public final class Resume {
  private final String common;
  private final Map<String, String> fingerprints = new HashMap<>();
  private final Set<String> finished = new TreeSet<>();

  private Resume(String common) {
    this.common = common;
  }

  /** Nothing is skipped (a run without {@code --resume}). */
  public static Resume none(RunPlan plan, Optional<Path> weightsFile) {
    Resume resume = new Resume(plan.batch() ? common(plan, weightsFile) : "");
    if (plan.batch()) {
      // fingerprint the inputs now, before their voxels are read: a file rewritten during the run
      // must not be recorded as the one the outputs came from
      plan.scans().forEach(resume::fingerprint);
    }
    return resume;
  }

  /**
   * The scans whose done marker records this run's fingerprint.
   *
   * @throws VoxtileException for a single scan (nothing to resume: rerun it with
   *     {@code --overwrite}), or when a marker records another fingerprint
   */
  public static Resume finished(RunPlan plan, Optional<Path> weightsFile) {
    if (!plan.batch()) {
      throw new VoxtileException("--resume continues a batch (--manifest or --bids); rerun a single scan with --overwrite");
    }
    Resume resume = new Resume(common(plan, weightsFile));
    for (Scan scan : plan.scans()) {
      if (DoneMarker.isDone(plan.scanDirectory(scan), scan.id(), resume.fingerprint(scan))) {
        resume.finished.add(scan.id());
      }
    }
    return resume;
  }

  public boolean isFinished(Scan scan) {
    return finished.contains(scan.id());
  }

  public int count() {
    return finished.size();
  }

  public Map<String, Object> skippedReport(Scan scan) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scan_id", scan.id());
    report.put("resumed", "done in an earlier run; its report.json is in its directory");
    return report;
  }

  public List<FeatureRow> features(Scan scan, Location dir, boolean hasFeatures) {
    return hasFeatures ? DoneMarker.readFeatures(dir) : List.of();
  }

  /**
   * Puts a finished batch scan in place: files, report, feature rows and marker staged together,
   * then one rename onto {@code dir} (an older directory of that name, overwritten, is first
   * moved aside into the scratch directory, then deleted).
   */
  public void commit(Scan scan, ScanRun.Outcome outcome, Location scanWork, Location dir, boolean hasFeatures) {
    Location stage = scanWork.resolve(OutputNames.DONE);
    outcome.staged().forEach(file -> OutputDirectory.moveInto(file, stage));
    OutputDirectory.writeAtomically(stage.resolve(OutputNames.REPORT), Json.indented(outcome.report()));
    if (hasFeatures) {
      OutputDirectory.writeAtomically(stage.resolve(OutputNames.SCAN_FEATURES), DoneMarker.featuresText(outcome.features()));
    }
    OutputDirectory.writeAtomically(stage.resolve(OutputNames.SUCCESS), DoneMarker.text(fingerprint(scan)));
    Location replaced = scanWork.resolve(OutputNames.REPLACED);
    try {
      dir.parent().createDirectories();
      if (dir.exists()) { // moved aside in one step, so a kill never leaves a half-deleted scan with its marker
        dir.moveTo(replaced);
      }
      try {
        stage.moveTo(dir);
      } catch (IOException e) {
        if (replaced.exists()) { // put the earlier finished scan back before failing
          replaced.moveTo(dir);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + stage + " to " + dir, e);
    }
    OutputDirectory.deleteRecursively(replaced);
  }

  private static String common(RunPlan plan, Optional<Path> weightsFile) {
    String common = DoneMarker.common(plan.pipeline(), weightsFile, plan.splitChannels(), plan.preview(),
        plan.format());
    // flags that change what is computed change the fingerprint; without them it is as before
    return plan.inference().equals(Inference.Overrides.NONE) ? common : common + "inference " + plan.inference() + "\n";
  }

  private String fingerprint(Scan scan) {
    return fingerprints.computeIfAbsent(scan.id(), id -> DoneMarker.fingerprint(common, scan.inputs()));
  }
}
