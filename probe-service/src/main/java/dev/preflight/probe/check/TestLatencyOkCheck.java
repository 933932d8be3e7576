package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code test-latency-ok}: the representative sample is replayed through the test endpoint at the
 * declared concurrency; latency percentiles (HdrHistogram) and the error rate are compared with the
 * SLOs.
 */
@ApplicationScoped
public class TestLatencyOkCheck implements Check {

  private final OipClient oip;
  private final Samples samples;
  private final ProbeConfig config;

  public TestLatencyOkCheck(OipClient oip, Samples samples, ProbeConfig config) {
    this.oip = oip;
    this.samples = samples;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.TEST_LATENCY_OK;
  }

  /** Measured alone: the metrics replay of the same run would inflate its percentiles. */
  @Override
  public boolean exclusive() {
    return true;
  }

  @Override
  public String description() {
    return "Representative requests replayed at the declared concurrency meet the latency and"
        + " error-rate SLOs (p50/p95/p99 from an HdrHistogram).";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    VersionManifest manifest = phase.manifest();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    Optional<VersionManifest.Slos> slos = manifest.slos();
    if (slos.isEmpty()
        || slos.get().p50LatencyMs().isEmpty()
            && slos.get().p95LatencyMs().isEmpty()
            && slos.get().p99LatencyMs().isEmpty()) {
      return findings.fail("the manifest declares no latency SLO").result("");
    }
    int concurrency = slos.get().concurrency().orElse(config.replay().latencyConcurrency());
    int requests = config.replay().latencyRequests();
    List<Map<String, Object>> rows;
    try {
      rows = samples.inputs(manifest, requests);
    } catch (Samples.Unavailable e) {
      return findings.error(e.getMessage()).result("");
    }
    LatencyRun.Report report =
        LatencyRun.closedLoop(
            oip,
            OipEndpoint.of(phase.deployment().get(), phase.version()),
            rows,
            requests,
            concurrency);
    findings
        .measured
        .put("requests", report.requests())
        .put("concurrency", concurrency)
        .put("p50Ms", report.p50Ms())
        .put("p95Ms", report.p95Ms())
        .put("p99Ms", report.p99Ms())
        .put("maxMs", report.maxMs())
        .put("errorRate", report.errorRate());
    findings.observe(report.describe());
    if (report.unanswered() == report.requests()) {
      return findings
          .error(
              "the test endpoint answered none of "
                  + requests
                  + " requests: "
                  + report.firstError())
          .result("");
    }
    slos.get().p50LatencyMs().ifPresent(slo -> compare(findings, "p50", report.p50Ms(), slo));
    slos.get().p95LatencyMs().ifPresent(slo -> compare(findings, "p95", report.p95Ms(), slo));
    slos.get().p99LatencyMs().ifPresent(slo -> compare(findings, "p99", report.p99Ms(), slo));
    double maxErrorRate = slos.get().maxErrorRate().orElse(0.0);
    findings.expected.put("maxErrorRate", maxErrorRate);
    if (report.errorRate() > maxErrorRate) {
      findings.fail(
          String.format(
              Locale.ROOT,
              "error rate %.2f%% above the SLO of %.2f%%",
              report.errorRate() * 100,
              maxErrorRate * 100));
    }
    return findings.result(
        String.format(
            Locale.ROOT,
            "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms at concurrency %d meet the SLO",
            report.p50Ms(),
            report.p95Ms(),
            report.p99Ms(),
            concurrency));
  }

  private static void compare(Findings findings, String percentile, double measured, double slo) {
    findings.expected.put(percentile + "Ms", slo);
    if (measured > slo) {
      findings.fail(
          String.format(
              Locale.ROOT,
              "%s latency %.1f ms above the SLO of %.1f ms",
              percentile,
              measured,
              slo));
    }
  }
}
