package dev.preflight.monitor.detect;

/**
 * Flap damping of one detector: consecutive breaching windows before it fires, consecutive healthy
 * ones before it resolves. Windows with insufficient data break a breaching streak but do not count
 * as healthy — except a drift span still collecting windows, which does neither.
 */
public final class DetectorState {

  public int breaches;
  public int healthy;
  public String signalId;
  public long firingSince;
  public Observation firedWith;

  /** What a window's observation does to the signal. */
  public enum Transition {
    NONE,
    FIRE,
    RESOLVE
  }

  public boolean firing() {
    return signalId != null;
  }

  public Transition step(Observation observation, int fireAfter, int resolveAfter) {
    switch (observation.status()) {
      case BREACH -> {
        breaches++;
        healthy = 0;
        if (!firing() && breaches >= fireAfter) {
          return Transition.FIRE;
        }
      }
      case OK -> {
        healthy++;
        breaches = 0;
        if (firing() && healthy >= resolveAfter) {
          return Transition.RESOLVE;
        }
      }
      default -> {
        if (!observation.collecting()) {
          breaches = 0;
        }
      }
    }
    return Transition.NONE;
  }

  /** Nothing left to remember: neither firing nor in a streak. */
  public boolean idle() {
    return !firing() && breaches == 0;
  }
}
