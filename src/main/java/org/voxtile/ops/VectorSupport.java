package org.voxtile.ops;

/**
 * Whether the fast (Java Vector API) kernels can run: the incubator module
 * {@code jdk.incubator.vector} must be in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and {@code -Dvoxtile.vector=false} must not be set.
 * Without it the ops fall back to their reference implementations, which give the same bits.
 * Only this check runs without the module; classes that use the Vector API are loaded only when
 * it passes.
 */
final class VectorSupport {
  static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("voxtile.vector"));

  private VectorSupport() {}
}
