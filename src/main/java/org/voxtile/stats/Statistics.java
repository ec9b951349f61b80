package org.voxtile.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The merged partial reductions of a global op's passes so far, in pass order: what its next pass
 * reads (the bins a selection narrows to) and what binds it once all passes are done. Small and
 * serialisable, so a driver can broadcast it.
 *
 * <pre>{@code
 * Statistics known = Statistics.NONE.then(mergedPass0);
 * }</pre>
 */
public record Statistics(List<Partial> passes) implements Serializable {
  /** Before the first pass. */
  public static final Statistics NONE = new Statistics(List.of());

  public Statistics {
    passes = List.copyOf(passes);
  }

  /** These statistics and the merged result of one more pass. */
  public Statistics then(Partial merged) {
    List<Partial> more = new ArrayList<>(passes);
    more.add(merged);
    return new Statistics(more);
  }

  /** Passes done. */
  public int size() {
    return passes.size();
  }

  /** The merged result of pass {@code i}, as the kind the op produced. */
  public <T extends Partial> T pass(int i, Class<T> kind) {
    return kind.cast(passes.get(i));
  }
}
