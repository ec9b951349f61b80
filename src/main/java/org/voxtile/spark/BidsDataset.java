package org.voxtile.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.voxtile.VoxtileException;
import org.voxtile.spark.output.ScanIds;
import org.voxtile.storage.Location;

/**
 * The scans of a BIDS dataset, local or on a Hadoop file system: {@code sub-*}/[{@code ses-*}/]
 * {@code anat/} files named {@code <entities>_<suffix>.nii[.gz]}, grouped by their entities (the
 * scan id, e.g. {@code sub-01_ses-2}); a group is a scan when it has a file for every input.
 * Subjects and sessions may be selected as BIDS Apps do ({@code --participant-label 01 02},
 * {@code --session-label 1}; labels with or without {@code sub-}/{@code ses-}), and
 * {@code participants.tsv}, when present, is checked against the subject folders.
 *
 * <pre>{@code
 * List<Scan> scans = BidsDataset.scans(Location.of("/data/bids"), List.of("t1", "t2"),
 *     new BidsDataset.Selection(List.of("01"), List.of()), System.err);
 * }</pre>
 */
public final class BidsDataset {
  /** BIDS suffixes of the usual input names; any other input name is used as its own suffix. */
  public static final Map<String, String> SUFFIXES = Map.of(
      "t1", "T1w", "t2", "T2w", "flair", "FLAIR", "pd", "PDw", "t2star", "T2starw");

  private static final Pattern FILE = Pattern.compile(
      "(sub-[A-Za-z0-9]+(?:_[a-z]+-[A-Za-z0-9]+)*)_([A-Za-z0-9]+)\\.nii(\\.gz)?");

  /**
   * Which subjects and sessions to run; empty lists select all.
   *
   * @param participants subject labels, {@code 01} or {@code sub-01}
   * @param sessions session labels, {@code 1} or {@code ses-1}
   */
  public record Selection(List<String> participants, List<String> sessions) {
    public static final Selection ALL = new Selection(List.of(), List.of());

    public Selection {
      participants = participants.stream().map(l -> strip(l, "sub-")).toList();
      sessions = sessions.stream().map(l -> strip(l, "ses-")).toList();
    }
  }

  private BidsDataset() {}

  /**
   * @param warnings where a disagreement between {@code participants.tsv} and the folders goes
   * @throws VoxtileException naming labels that select nothing (and the ones that exist), or when
   *     no scan has every input
   */
  public static List<Scan> scans(Location root, List<String> inputs, Selection selection, PrintStream warnings) {
    if (!root.isDirectory()) {
      throw new VoxtileException(root + ": not a BIDS dataset directory");
    }
    Map<String, Location> subjects = new TreeMap<>();
    for (Location entry : root.list()) {
      String name = entry.fileName();
      if (name.startsWith("sub-") && entry.isDirectory()) {
        subjects.put(name.substring(4), entry);
      }
    }
    checkParticipantsTable(root, subjects.keySet(), warnings);
    Set<String> chosen = choose("participant", selection.participants(), subjects.keySet(), root);
    Map<String, Map<String, Location>> groups = new TreeMap<>();
    Set<String> sessionsSeen = new TreeSet<>();
    for (String subject : chosen) {
      Location dir = subjects.get(subject);
      collect(dir.resolve("anat"), groups);
      for (Location entry : dir.list()) {
        String name = entry.fileName();
        if (name.startsWith("ses-") && entry.isDirectory()) {
          String session = name.substring(4);
          sessionsSeen.add(session);
          if (selection.sessions().isEmpty() || selection.sessions().contains(session)) {
            collect(entry.resolve("anat"), groups);
          }
        }
      }
    }
    choose("session", selection.sessions(), sessionsSeen, root);
    if (!selection.sessions().isEmpty()) { // a subject without sessions has none of the selected ones
      groups.keySet().removeIf(id -> !id.contains("_ses-"));
    }
    List<Scan> scans = new ArrayList<>();
    for (Map.Entry<String, Map<String, Location>> group : groups.entrySet()) {
      Map<String, Location> bound = new LinkedHashMap<>();
      for (String input : inputs) {
        Location file = group.getValue().get(suffix(input));
        if (file != null) {
          bound.put(input, file);
        }
      }
      if (bound.size() == inputs.size()) {
        scans.add(new Scan(ScanIds.check(group.getKey(), root + ": BIDS entities"), bound));
      }
    }
    if (scans.isEmpty()) {
      throw new VoxtileException(root + ": no BIDS scan has every input " + inputs + " (suffixes "
          + inputs.stream().map(BidsDataset::suffix).toList() + " under sub-*/[ses-*/]anat/)");
    }
    return scans;
  }

  static String suffix(String input) {
    return SUFFIXES.getOrDefault(input.toLowerCase(java.util.Locale.ROOT), input);
  }

  private static void collect(Location anat, Map<String, Map<String, Location>> groups) {
    if (!anat.isDirectory()) {
      return;
    }
    for (Location file : anat.list()) {
      Matcher m = FILE.matcher(file.fileName());
      if (m.matches()) {
        groups.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), file);
      }
    }
  }

  /** The labels asked for (all when none), each of which must exist. */
  private static Set<String> choose(String what, List<String> asked, Set<String> existing, Location root) {
    if (asked.isEmpty()) {
      return existing;
    }
    Set<String> unknown = new TreeSet<>(asked);
    unknown.removeAll(existing);
    if (!unknown.isEmpty()) {
      throw new VoxtileException(root + ": no " + what + " " + unknown + " in the dataset; it has "
          + (existing.isEmpty() ? "none" : existing));
    }
    return new TreeSet<>(asked);
  }

  /** BIDS keeps subjects in participants.tsv too: say where it and the folders disagree. */
  private static void checkParticipantsTable(Location root, Set<String> folders, PrintStream warnings) {
    Location table = root.resolve("participants.tsv");
    if (!table.isFile()) {
      return;
    }
    ManifestTable t = ManifestTable.read(table);
    if (!t.header().contains("participant_id")) {
      warnings.println("voxtile: warning: " + table + " has no participant_id column");
      return;
    }
    Set<String> listed = new TreeSet<>();
    for (ManifestTable.Row row : t.rows()) {
      listed.add(strip(row.cells().get("participant_id"), "sub-"));
    }
    Set<String> onlyListed = new TreeSet<>(listed);
    onlyListed.removeAll(folders);
    Set<String> onlyFolders = new TreeSet<>(folders);
    onlyFolders.removeAll(listed);
    if (!onlyListed.isEmpty()) {
      warnings.println("voxtile: warning: " + table + " lists " + prefixed(onlyListed) + " with no folder");
    }
    if (!onlyFolders.isEmpty()) {
      warnings.println("voxtile: warning: " + prefixed(onlyFolders) + " not listed in " + table);
    }
  }

  private static List<String> prefixed(Set<String> labels) {
    return labels.stream().map(l -> "sub-" + l).toList();
  }

  private static String strip(String label, String prefix) {
    String l = label.trim();
    return l.startsWith(prefix) ? l.substring(prefix.length()) : l;
  }
}
