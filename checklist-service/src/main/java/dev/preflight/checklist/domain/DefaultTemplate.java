package dev.preflight.checklist.domain;

import static dev.preflight.contracts.model.Phase.AFTER_TRAINING;
import static dev.preflight.contracts.model.Phase.IN_PRODUCTION;
import static dev.preflight.contracts.model.Phase.PROD_DEPLOYMENT;
import static dev.preflight.contracts.model.Phase.TEST_DEPLOYMENT;

import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import java.util.List;

/** The model deployment checklist, item for item: the template every checklist starts from. */
public final class DefaultTemplate {

  public static final String ID = "default";
  public static final int VERSION = 1;

  public static final ChecklistTemplate TEMPLATE =
      new ChecklistTemplate(
          ID,
          VERSION,
          "Model deployment checklist",
          List.of(
              item(
                  ItemIds.ASSETS_STORED,
                  AFTER_TRAINING,
                  "Model weights, processing code and the dependency list are stored in a communal"
                      + " location"),
              item(
                  ItemIds.PARTICULARS_STORED,
                  AFTER_TRAINING,
                  "Training data, features, and input and output formats are recorded"),
              item(
                  ItemIds.CREATOR_LOGGED,
                  AFTER_TRAINING,
                  "The creator's name and contact are logged"),
              item(ItemIds.MONITORING_IN_PLACE, AFTER_TRAINING, "Model monitoring is in place"),
              item(
                  ItemIds.PRODUCTION_FORMAT,
                  AFTER_TRAINING,
                  "The model is assembled into a production format (container, zip, script)"),
              newVersionItem(
                  ItemIds.IO_CONTRACT_COMPATIBLE,
                  AFTER_TRAINING,
                  "The new version has the same input and output contract as the previous one"),
              item(
                  ItemIds.TEST_UPLOADED,
                  TEST_DEPLOYMENT,
                  "The model is uploaded to the test environment"),
              item(
                  ItemIds.TEST_VERSION_MATCHES,
                  TEST_DEPLOYMENT,
                  "The version in test matches the trained version"),
              item(
                  ItemIds.TEST_INFRA_MATCHES_PROD,
                  TEST_DEPLOYMENT,
                  "Test runs on the same infrastructure as production"),
              item(
                  ItemIds.TEST_METRICS_MATCH,
                  TEST_DEPLOYMENT,
                  "Validation metrics in test match those at the end of training"),
              item(
                  ItemIds.TEST_LATENCY_OK,
                  TEST_DEPLOYMENT,
                  "Response times are acceptable on representative production data"),
              item(ItemIds.PROD_UPLOADED, PROD_DEPLOYMENT, "The model is pushed to production"),
              item(
                  ItemIds.PROD_VERSION_MATCHES_TEST,
                  PROD_DEPLOYMENT,
                  "The version in production matches the version in test"),
              item(
                  ItemIds.PROD_AUTH_REQUIRED,
                  PROD_DEPLOYMENT,
                  "Access to the model is secured and requires authentication"),
              item(
                  ItemIds.PROD_REACHABLE,
                  PROD_DEPLOYMENT,
                  "Other production systems can communicate with the model"),
              item(ItemIds.PROD_RETURNS_RESULTS, PROD_DEPLOYMENT, "The model returns results"),
              newVersionItem(
                  ItemIds.PROD_TRAFFIC_REROUTED,
                  PROD_DEPLOYMENT,
                  "Production traffic is rerouted to the new version"),
              newVersionItem(
                  ItemIds.PROD_OLD_VERSION_SHUTDOWN,
                  PROD_DEPLOYMENT,
                  "The old version is shut down"),
              item(
                  ItemIds.MONITOR_ACCURACY,
                  IN_PRODUCTION,
                  "Accuracy and drift of the model are monitored"),
              item(
                  ItemIds.MONITOR_PERFORMANCE,
                  IN_PRODUCTION,
                  "Speed, latency and throughput are monitored"),
              item(ItemIds.MONITOR_ERRORS, IN_PRODUCTION, "Errors and downtime are monitored"),
              item(
                  ItemIds.MONITOR_SECURITY,
                  IN_PRODUCTION,
                  "Cybersecurity attacks on the model are detected")));

  private DefaultTemplate() {}

  private static TemplateItem item(String id, Phase phase, String text) {
    return new TemplateItem(id, phase, text, false, true, true);
  }

  private static TemplateItem newVersionItem(String id, Phase phase, String text) {
    return new TemplateItem(id, phase, text, true, true, true);
  }
}
