package org.voxtile.ops;

/** What a pooling window keeps: its maximum or its mean. */
public enum PoolMode {
  MAX,
  AVG
}
