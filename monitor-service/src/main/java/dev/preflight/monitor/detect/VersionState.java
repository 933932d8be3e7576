package dev.preflight.monitor.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the evaluator remembers of a version between windows (stored as JSON, changelogged). */
public final class VersionState {

  public String modelId;
  public String version;

  /** Records received in all windows. */
  public long records;

  /** Records whose window lay beyond the horizon when they arrived: counted, not evaluated. */
  public long lateRecords;

  /**
   * Event time of the newest record received, epoch milliseconds; -1 before the first. What a
   * shutdown is judged by: records produced before a cutover may arrive long after it.
   */
  public long latestRecordTime = -1;

  /** Wall-clock time the last partial with records arrived, epoch milliseconds; -1 before. */
  public long lastPartialAt = -1;

  /** Whether a window with records of the live version was reported observed (coverage). */
  public boolean observedReported;

  /** Whether a window with labelled predictions of the live version was reported observed. */
  public boolean labelledReported;

  /** Start of the next window to evaluate; -1 before the first record. */
  public long nextWindow = -1;

  /**
   * Start of the drift span being collected: the windows since it fell short of the minimum drift
   * sample on their own; -1 when the last drift evaluation reached it.
   */
  public long driftSpanStart = -1;

  public boolean hadTraffic;
  public long evaluatedWindows;
  public Map<String, DetectorState> detectors = new HashMap<>();

  /** Client → its request counts in the last windows of the horizon, oldest first. */
  public Map<String, List<Integer>> clientHistory = new HashMap<>();

  public long latestWindowStart = -1;
  public long latestWindowEnd = -1;
  public long latestWindowRecords;
  public List<Observation> latest = new ArrayList<>();
}
