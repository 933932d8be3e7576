package dev.preflight.monitor.window;

import java.util.Arrays;

/**
 * A model id and version as characters: the key stage one finds a version's state by, so that a
 * record costs no key {@code String}. A probe {@link #of points at} the record being read; the keys
 * kept are {@link #copy copies}.
 */
public final class VersionChars {

  private char[] modelId = new char[0];
  private int modelIdLength;
  private char[] version = new char[0];
  private int versionLength;
  private int hash;

  /** Points this probe at the record's model id and version (valid until the next parse). */
  public VersionChars of(InferenceRecord record) {
    modelId = record.modelIdChars;
    modelIdLength = record.modelIdLength;
    version = record.versionChars;
    versionLength = record.versionLength;
    int h = 1;
    for (int i = 0; i < modelIdLength; i++) {
      h = 31 * h + modelId[i];
    }
    h = 31 * h + '/';
    for (int i = 0; i < versionLength; i++) {
      h = 31 * h + version[i];
    }
    hash = h;
    return this;
  }

  /** A key of its own, for keeping. */
  public VersionChars copy() {
    VersionChars copy = new VersionChars();
    copy.modelId = Arrays.copyOf(modelId, modelIdLength);
    copy.modelIdLength = modelIdLength;
    copy.version = Arrays.copyOf(version, versionLength);
    copy.versionLength = versionLength;
    copy.hash = hash;
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionChars that
        && hash == that.hash
        && Arrays.equals(modelId, 0, modelIdLength, that.modelId, 0, that.modelIdLength)
        && Arrays.equals(version, 0, versionLength, that.version, 0, that.versionLength);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return new String(modelId, 0, modelIdLength) + "/" + new String(version, 0, versionLength);
  }
}
