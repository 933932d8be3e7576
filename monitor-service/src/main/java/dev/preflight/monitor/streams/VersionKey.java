package dev.preflight.monitor.streams;

import java.util.regex.Pattern;

/** The key of per-version state: {@code <modelId>/<version>}; neither part may contain a slash. */
public final class VersionKey {

  private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  private VersionKey() {}

  public static String of(String modelId, String version) {
    return modelId + "/" + version;
  }

  public static boolean validModelId(String modelId) {
    return MODEL_ID.matcher(modelId).matches();
  }

  public static boolean validVersion(String version) {
    return VERSION.matcher(version).matches();
  }
}
