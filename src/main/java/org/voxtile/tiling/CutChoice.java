package org.voxtile.tiling;

/**
 * What later stages do about the maps a cut at a global node leaves behind: compute them again
 * from the scan (recompute), or read them from scratch, where the cut's stage wrote them once
 * (materialise). {@link #AUTO} lets the cost model choose per cut.
 */
public enum CutChoice {
  AUTO, RECOMPUTE, MATERIALISE
}
