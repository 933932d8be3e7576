package dev.preflight.checklist.domain;

import dev.preflight.checklist.domain.GateDecision.Blocker;
import dev.preflight.checklist.domain.GateDecision.Verdict;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.util.List;
import java.util.Set;

/**
 * Whether a version may enter an environment: {@code test} needs every required item of
 * after-training passed or waived, {@code prod} those of after-training and test-deployment. {@code
 * live} answers whether production is verified: every required item through prod-deployment passed
 * or waived and the version promoted. A failed required item denies; items still pending or running
 * leave the decision pending.
 */
public final class Gate {

  /** The environments a gate guards. */
  public static final Set<String> TARGETS = Set.of("test", "prod", "live");

  private Gate() {}

  /** One item as the gate sees it. */
  public record Item(String itemId, Phase phase, boolean required, ItemState state, String text) {}

  public static GateDecision decide(String target, Phase versionPhase, List<Item> items) {
    if (!TARGETS.contains(target)) {
      throw new IllegalArgumentException("unknown gate target: " + target);
    }
    if (versionPhase == Phase.RETIRED) {
      return new GateDecision(target, Verdict.DENY, List.of(), "the version is retired");
    }
    Set<Phase> before =
        switch (target) {
          case "test" -> Set.of(Phase.AFTER_TRAINING);
          case "prod" -> Set.of(Phase.AFTER_TRAINING, Phase.TEST_DEPLOYMENT);
          default -> Set.of(Phase.AFTER_TRAINING, Phase.TEST_DEPLOYMENT, Phase.PROD_DEPLOYMENT);
        };
    List<Blocker> blocking =
        items.stream()
            .filter(
                item ->
                    item.required() && before.contains(item.phase()) && !item.state().isSatisfied())
            .map(item -> new Blocker(item.itemId(), item.phase(), item.state(), item.text()))
            .toList();
    if (target.equals("live") && versionPhase == Phase.REPLACED) {
      return new GateDecision(
          target, Verdict.DENY, List.of(), "the version was replaced in production");
    }
    if (target.equals("live") && blocking.isEmpty()) {
      return versionPhase == Phase.IN_PRODUCTION
          ? new GateDecision(
              target,
              Verdict.ALLOW,
              blocking,
              "live: every required item through prod-deployment is passed or waived")
          : new GateDecision(
              target,
              Verdict.PENDING,
              blocking,
              versionPhase == Phase.PROD_DEPLOYMENT
                  ? "verified, not promoted yet"
                  : "no production deployment reported yet");
    }
    if (blocking.isEmpty()) {
      return new GateDecision(
          target,
          Verdict.ALLOW,
          blocking,
          "every required item before " + target + " is passed or waived");
    }
    boolean failed = blocking.stream().anyMatch(b -> b.state() == ItemState.FAILED);
    return failed
        ? new GateDecision(target, Verdict.DENY, blocking, "a required item failed")
        : new GateDecision(
            target, Verdict.PENDING, blocking, "required items are not verified yet");
  }
}
