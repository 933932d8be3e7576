package dev.preflight.console;

/** The services the console reads and acts through. */
public enum Service {
  CHECKLIST("checklist-service"),
  PROBE("probe-service"),
  MONITOR("monitor-service"),
  NOTIFIER("notifier-service");

  private final String title;

  Service(String title) {
    this.title = title;
  }

  /** The service's name as people know it, e.g. {@code checklist-service}. */
  public String title() {
    return title;
  }
}
