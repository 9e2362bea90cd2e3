package io.twinwright.api.things;

import java.util.Optional;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingPreconditionFailedException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingPreconditionNotModifiedException;

/**
 * Ditto's conditional requests: the entity tag of a thing and of each of its parts is the thing's
 * revision, {@code "rev:<n>"}. {@code If-Match} (a list of tags, or {@code *} = "exists") and
 * {@code If-None-Match} (a list, or {@code *} = "does not exist") are checked against the part the
 * request addresses. A failed {@code If-None-Match} on a read is "304 Not Modified"; every other
 * failure is "412 Precondition Failed".
 *
 * @param ifMatch the {@code If-Match} header, if sent
 * @param ifNoneMatch the {@code If-None-Match} header, if sent
 */
record Preconditions(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
  static final Preconditions NONE = new Preconditions(Optional.empty(), Optional.empty());

  static String etag(Thing thing) {
    return "\"rev:" + thing.getRevision().map(r -> r.toLong()).orElse(0L) + "\"";
  }

  boolean any() {
    return ifMatch.isPresent() || ifNoneMatch.isPresent();
  }

  /**
   * @param etag the addressed part's current tag, empty when the part does not exist
   * @param read whether the request only reads (then a failed {@code If-None-Match} is a 304)
   */
  void check(Optional<String> etag, boolean read) {
    if (ifMatch.isPresent() && !matches(ifMatch.get(), etag)) {
      throw ThingPreconditionFailedException.newBuilder(
              "If-Match", ifMatch.get(), etag.orElse("<none>"))
          .build();
    }
    if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
      if (read) {
        throw ThingPreconditionNotModifiedException.newBuilder(
                ifNoneMatch.get(), etag.orElse("<none>"))
            .build();
      }
      throw ThingPreconditionFailedException.newBuilder(
              "If-None-Match", ifNoneMatch.get(), etag.orElse("<none>"))
          .build();
    }
  }

  /**
   * Whether a header's tag list (or {@code *}) matches the current tag. Weak tags compare weakly.
   */
  private static boolean matches(String header, Optional<String> etag) {
    if (etag.isEmpty()) {
      return false;
    }
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if ("*".equals(t) || t.equals(etag.get())) {
        return true;
      }
    }
    return false;
  }
}
