package dev.preflight.console;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The entity tag of a live region (a part of a page its script reads again every few seconds): a
 * hash of the view the region is rendered from (records of strings, numbers and lists, whose hash
 * is their content's), so a region whose view is unchanged keeps its tag. The page carries the tag
 * of what it was rendered from and the script asks with {@code If-None-Match}; the console answers
 * {@code 304} without rendering while nothing changed, and the region as it is now, with its new
 * tag, as soon as anything did. So a change made between the page's rendering and the script's
 * first read is shown too (a first read taken as the baseline hid it: a re-run that had already
 * passed stayed "failed" on the page). The hash is the records' own ({@code hashCode}), cheap next
 * to rendering; a change whose hash collides with the one before (one in 2^32 per part) is shown
 * with the next change.
 */
final class LiveTag {

  private LiveTag() {}

  /** The tag of a region rendered from these parts. */
  static String of(Object... parts) {
    long hash = parts.length;
    for (Object part : parts) {
      hash = hash * 0x9E3779B97F4A7C15L + Integer.toUnsignedLong(Objects.hashCode(part));
    }
    return Long.toHexString(hash);
  }

  /**
   * The region's answer to its script: {@code 304} when the script's {@code If-None-Match} names
   * this tag, else the rendered region with its tag.
   */
  static Response respond(String ifNoneMatch, String tag, Supplier<Object> region) {
    EntityTag entityTag = new EntityTag(tag);
    if (matches(ifNoneMatch, tag)) {
      return Response.notModified(entityTag).header("Cache-Control", "no-cache").build();
    }
    return Response.ok(region.get()).tag(entityTag).header("Cache-Control", "no-cache").build();
  }

  /** Whether an {@code If-None-Match} header names the tag (weak or strong, one of a list). */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.trim();
      if (value.startsWith("W/")) {
        value = value.substring(2);
      }
      if (value.equals("\"" + tag + "\"")) {
        return true;
      }
    }
    return false;
  }
}
