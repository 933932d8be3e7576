package dev.preflight.devstack;

import java.net.URI;
import java.nio.file.Path;

/** The four services and the console, their default ports and where the build puts them. */
public enum PreflightService {
  CHECKLIST("checklist-service", 8081, "CHECKLIST"),
  PROBE("probe-service", 8082, "PROBE"),
  MONITOR("monitor-service", 8083, "MONITOR"),
  NOTIFIER("notifier-service", 8084, "NOTIFIER"),
  CONSOLE("console", 8080, "CONSOLE");

  private final String module;
  private final int defaultPort;
  private final String envPrefix;

  PreflightService(String module, int defaultPort, String envPrefix) {
    this.module = module;
    this.defaultPort = defaultPort;
    this.envPrefix = envPrefix;
  }

  public String module() {
    return module;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** The prefix of the service's own environment variables, e.g. {@code CHECKLIST_PORT}. */
  String envPrefix() {
    return envPrefix;
  }

  /** The packaged application (Quarkus fast-jar) in a checkout. */
  public Path jar(Path repositoryRoot) {
    return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /**
   * The database of services that have one, e.g. {@code preflight_checklist} for prefix {@code
   * preflight_}.
   */
  public String database(String prefix) {
    return prefix + module.substring(0, module.indexOf('-'));
  }

  public boolean hasDatabase() {
    return this == CHECKLIST || this == NOTIFIER;
  }

  public static URI url(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }
}
