package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Resources;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code test-infra-matches-prod}: the infrastructure the test deployment reports equals what the
 * manifest declares for production: CPU (cores or millicores), memory (binary or decimal units),
 * GPU.
 */
@ApplicationScoped
public class TestInfraMatchesProdCheck implements Check {

  private static final Pattern QUANTITY = Pattern.compile("^\\s*([0-9.]+)\\s*([A-Za-z]*)\\s*$");

  @Override
  public String itemId() {
    return ItemIds.TEST_INFRA_MATCHES_PROD;
  }

  @Override
  public String description() {
    return "The test deployment's reported CPU, memory and GPU equal the manifest's production"
        + " infrastructure.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    Optional<Resources> test = phase.deployment().flatMap(d -> d.infrastructure());
    Optional<Resources> prod = phase.manifest().infrastructure().flatMap(i -> i.prod());
    if (prod.isEmpty()) {
      return findings.fail("the manifest declares no production infrastructure").result("");
    }
    findings.expected.put("cpu", prod.get().cpu()).put("memory", prod.get().memory());
    prod.get().gpu().ifPresent(g -> findings.expected.put("gpu", g));
    if (test.isEmpty()) {
      return findings.fail("the test deployment reports no infrastructure").result("");
    }
    findings.measured.put("cpu", test.get().cpu()).put("memory", test.get().memory());
    test.get().gpu().ifPresent(g -> findings.measured.put("gpu", g));
    compare(findings, "cpu", test.get().cpu(), prod.get().cpu());
    compare(findings, "memory", test.get().memory(), prod.get().memory());
    String testGpu = test.get().gpu().orElse("none").trim().toLowerCase();
    String prodGpu = prod.get().gpu().orElse("none").trim().toLowerCase();
    if (!testGpu.equals(prodGpu)) {
      findings.fail("GPU in test is " + testGpu + ", production declares " + prodGpu);
    }
    return findings.result(
        "test runs on what production declares: "
            + prod.get().cpu()
            + " CPU, "
            + prod.get().memory()
            + prod.get().gpu().map(g -> ", " + g).orElse(""));
  }

  private static void compare(Findings findings, String what, String test, String prod) {
    Optional<BigDecimal> t = quantity(test);
    Optional<BigDecimal> p = quantity(prod);
    if (t.isEmpty() || p.isEmpty()) {
      if (!test.trim().equalsIgnoreCase(prod.trim())) {
        findings.fail(what + " in test is " + test + ", production declares " + prod);
      }
      return;
    }
    if (t.get().compareTo(p.get()) != 0) {
      findings.fail(what + " in test is " + test + ", production declares " + prod);
    } else {
      findings.observe(what + ": " + test + " = " + prod);
    }
  }

  /** Kubernetes quantities: 500m, 2, 4Gi, 4096Mi, 4G, 1.5. */
  static Optional<BigDecimal> quantity(String text) {
    Matcher matcher = QUANTITY.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(matcher.group(1));
    BigDecimal factor =
        switch (matcher.group(2)) {
          case "" -> BigDecimal.ONE;
          case "m" -> new BigDecimal("0.001");
          case "k", "K" -> BigDecimal.valueOf(1000L);
          case "M" -> BigDecimal.valueOf(1000_000L);
          case "G" -> BigDecimal.valueOf(1000_000_000L);
          case "T" -> BigDecimal.valueOf(1000_000_000_000L);
          case "Ki" -> BigDecimal.valueOf(1024L);
          case "Mi" -> BigDecimal.valueOf(1024L * 1024);
          case "Gi" -> BigDecimal.valueOf(1024L * 1024 * 1024);
          case "Ti" -> BigDecimal.valueOf(1024L * 1024 * 1024 * 1024);
          default -> null;
        };
    return factor == null
        ? Optional.empty()
        : Optional.of(value.multiply(factor).stripTrailingZeros());
  }
}
