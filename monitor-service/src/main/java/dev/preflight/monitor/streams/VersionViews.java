package dev.preflight.monitor.streams;

import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.VersionInfo;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A processor's parsed copies of versions and profiles from the global stores. Entries are checked
 * against the stores' bytes at most every {@code maxAge} and parsed again only when those changed:
 * a profile is tens of kilobytes of JSON, too costly to parse per record or per window.
 *
 * @param <D> what the processor derives from an entry (e.g. compiled bin edges), kept with it
 */
final class VersionViews<D> {

  private final ReadOnlyKeyValueStore<String, byte[]> versions;
  private final ReadOnlyKeyValueStore<String, byte[]> profiles;
  private final long maxAgeMs;
  private final Function<View<D>, D> derive;
  private final Map<String, View<D>> views = new HashMap<>();

  VersionViews(
      ReadOnlyKeyValueStore<String, byte[]> versions,
      ReadOnlyKeyValueStore<String, byte[]> profiles,
      long maxAgeMs,
      Function<View<D>, D> derive) {
    this.versions = versions;
    this.profiles = profiles;
    this.maxAgeMs = maxAgeMs;
    this.derive = derive;
  }

  /** A version as the global stores hold it now (at most {@code maxAge} old). */
  static final class View<D> {
    Optional<VersionInfo> info;
    Optional<Profile> profile;
    D derived;
    private int infoHash;
    private int profileHash;
    private long checkedAt;

    Optional<VersionInfo> info() {
      return info;
    }

    Optional<Profile> profile() {
      return profile;
    }

    D derived() {
      return derived;
    }
  }

  /**
   * A parsed profile, one per version for the whole JVM: every task of every stage shares it. An
   * entry leaves when a task finds the version's profile gone from the store.
   */
  private record Parsed(int hash, int length, Optional<Profile> profile) {}

  private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

  private static Optional<Profile> shared(String key, int hash, byte[] bytes) {
    Parsed parsed = PARSED.get(key);
    if (parsed == null || parsed.hash() != hash || parsed.length() != bytes.length) {
      parsed = new Parsed(hash, bytes.length, Views.profile(bytes));
      PARSED.put(key, parsed);
    }
    return parsed.profile();
  }

  View<D> get(String key, long now) {
    View<D> view = views.get(key);
    if (view != null && now - view.checkedAt < maxAgeMs) {
      return view;
    }
    byte[] info = versions.get(key);
    byte[] profile = profiles.get(key);
    int infoHash = info == null ? 0 : Arrays.hashCode(info);
    int profileHash = profile == null ? 0 : Arrays.hashCode(profile);
    if (view == null || view.infoHash != infoHash || view.profileHash != profileHash) {
      view = new View<>();
      view.info = Views.read(info, VersionInfo.class);
      if (profile == null) {
        // Gone from the store (or never there): nothing for any task to share any more.
        PARSED.remove(key);
        view.profile = Optional.empty();
      } else {
        view.profile = shared(key, profileHash, profile);
      }
      view.infoHash = infoHash;
      view.profileHash = profileHash;
      view.derived = derive.apply(view);
      views.put(key, view);
    }
    view.checkedAt = now;
    return view;
  }
}
