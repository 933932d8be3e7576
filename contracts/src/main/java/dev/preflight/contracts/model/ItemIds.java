package dev.preflight.contracts.model;

/** The stable ids of the checklist items of the default template (DESIGN.md, "The checklist"). */
public final class ItemIds {
  public static final String ASSETS_STORED = "assets-stored";
  public static final String PARTICULARS_STORED = "particulars-stored";
  public static final String CREATOR_LOGGED = "creator-logged";
  public static final String MONITORING_IN_PLACE = "monitoring-in-place";
  public static final String PRODUCTION_FORMAT = "production-format";
  public static final String IO_CONTRACT_COMPATIBLE = "io-contract-compatible";

  public static final String TEST_UPLOADED = "test-uploaded";
  public static final String TEST_VERSION_MATCHES = "test-version-matches";
  public static final String TEST_INFRA_MATCHES_PROD = "test-infra-matches-prod";
  public static final String TEST_METRICS_MATCH = "test-metrics-match";
  public static final String TEST_LATENCY_OK = "test-latency-ok";

  public static final String PROD_UPLOADED = "prod-uploaded";
  public static final String PROD_VERSION_MATCHES_TEST = "prod-version-matches-test";
  public static final String PROD_AUTH_REQUIRED = "prod-auth-required";
  public static final String PROD_REACHABLE = "prod-reachable";
  public static final String PROD_RETURNS_RESULTS = "prod-returns-results";
  public static final String PROD_TRAFFIC_REROUTED = "prod-traffic-rerouted";
  public static final String PROD_OLD_VERSION_SHUTDOWN = "prod-old-version-shutdown";

  public static final String MONITOR_ACCURACY = "monitor-accuracy";
  public static final String MONITOR_PERFORMANCE = "monitor-performance";
  public static final String MONITOR_ERRORS = "monitor-errors";
  public static final String MONITOR_SECURITY = "monitor-security";

  private ItemIds() {}
}
