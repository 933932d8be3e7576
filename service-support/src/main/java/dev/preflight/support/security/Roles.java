package dev.preflight.support.security;

/** The roles of Preflight's tokens. */
public final class Roles {
  /** Deployment pipelines: register models and versions, report deployments. */
  public static final String PIPELINE = "pipeline";

  /** On-call and model engineers: read, acknowledge, silence. */
  public static final String ENGINEER = "engineer";

  /** Reviewers: attest and waive items. */
  public static final String APPROVER = "approver";

  /** Administrators: templates, routing, every team's models. */
  public static final String ADMIN = "admin";

  /** Preflight's own services: read-only look-ups across teams. */
  public static final String SERVICE = "service";

  private Roles() {}
}
