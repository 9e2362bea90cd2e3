package io.twinwright.rules.actions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each action key was last set to, shared by all partitions of an engine (and kept across
 * reloads), so that an exact repeat can be told from a change.
 *
 * <p>An action has a key (the alert of a thing and code, the quarantine of a thing, the work order
 * of a thing and code, the last command of a name to a thing, the desired properties of a feature,
 * a campaign) and a state (raised or cleared, quarantined, open, the payload). A call is a repeat
 * when its key already has that state: the previous call is still in effect. Keys are per device,
 * so all of a device's keys are written by its own partition thread.
 */
public final class ActionLedger {

  /** An action key: the kind of action and what it applies to. */
  public record Key(String kind, List<String> parts) {
    public Key {
      Objects.requireNonNull(kind, "kind");
      parts = List.copyOf(parts);
    }

    public static Key of(String kind, String... parts) {
      return new Key(kind, List.of(parts));
    }
  }

  private final Map<Key, Object> state = new ConcurrentHashMap<>();
  private final boolean dropRepeats;

  /** A ledger that drops exact repeats: what the device partitions use. */
  public ActionLedger() {
    this(true);
  }

  private ActionLedger(boolean dropRepeats) {
    this.dropRepeats = dropRepeats;
  }

  /**
   * A ledger that lets every call through. For sessions whose facts already record what is in
   * effect (a campaign pauses, is resumed by an operator, and may be paused again by the same
   * rule), where "same state as last time" is no repeat.
   */
  public static ActionLedger passingRepeats() {
    return new ActionLedger(false);
  }

  /**
   * Records that the key now has this state.
   *
   * @return false if it already had it (the call is a repeat and must be dropped)
   */
  public boolean claim(Key key, Object newState) {
    if (!dropRepeats) {
      return true;
    }
    Object previous = state.put(key, newState);
    return !newState.equals(previous);
  }

  /** Forgets the key: the next call for it is never a repeat. */
  public void forget(Key key) {
    state.remove(key);
  }

  /** Sets the state without an action, e.g. for an alert that was open before a restart. */
  public void assume(Key key, Object knownState) {
    state.put(key, knownState);
  }

  public static Key alert(String thingId, String code) {
    return Key.of("alert", thingId, code);
  }

  public static Key quarantine(String thingId) {
    return Key.of("quarantine", thingId);
  }

  public static Key workOrder(String thingId, String code) {
    return Key.of("work-order", thingId, code);
  }
}
