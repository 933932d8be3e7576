package dev.preflight.notifier.routing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A firing source alert mutes the target alerts that share the {@code equal} labels with it, e.g. a
 * version that is down mutes its latency, error and drift alerts.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

  public InhibitRule {
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
  }

  public boolean isTarget(Map<String, String> labels) {
    return Matcher.all(target, labels);
  }

  public boolean isSource(Map<String, String> labels) {
    return Matcher.all(source, labels);
  }

  /** Whether this firing source alert mutes this target alert (never itself). */
  public boolean inhibits(Map<String, String> source, Map<String, String> target) {
    if (source.equals(target) || !isSource(source) || !isTarget(target)) {
      return false;
    }
    for (String label : equal) {
      if (!Objects.equals(source.get(label), target.get(label))) {
        return false;
      }
    }
    return true;
  }
}
