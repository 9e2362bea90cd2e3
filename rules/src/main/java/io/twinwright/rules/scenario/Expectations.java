package io.twinwright.rules.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scenario expects at a checkpoint: exactly these alerts (every alert raised so far, in its
 * current state) and exactly these actions (every action other than alerts taken so far).
 */
record Expectations(List<ExpectedAlert> alerts, List<ExpectedAction> actions) {

  record AlertKey(String thing, String code) {}

  /**
   * @param state {@code active} or {@code cleared}
   */
  record ExpectedAlert(String thing, String code, String state) {
    ExpectedAlert {
      Objects.requireNonNull(thing, "thing");
      Objects.requireNonNull(code, "code");
      if (!state.equals("active") && !state.equals("cleared")) {
        throw new IllegalArgumentException("alert state must be active or cleared: " + state);
      }
    }
  }

  /**
   * @param subject the work order code, command name, feature or campaign; empty matches any
   */
  record ExpectedAction(String action, String thing, String subject) {
    boolean matches(Recorder.Action actual) {
      return actual.action().equals(action)
          && actual.thing().equals(thing)
          && (subject.isEmpty() || subject.equals(actual.subject()));
    }

    String describe() {
      return action + " of " + thing + (subject.isEmpty() ? "" : " (" + subject + ")");
    }
  }

  Expectations {
    alerts = List.copyOf(alerts);
    actions = List.copyOf(actions);
  }

  /** Every difference between this expectation and what the rules did, one sentence each. */
  List<String> compare(Map<AlertKey, String> actualAlerts, List<Recorder.Action> actualActions) {
    List<String> mismatches = new ArrayList<>();
    for (ExpectedAlert expected : alerts) {
      String state = actualAlerts.get(new AlertKey(expected.thing(), expected.code()));
      if (state == null) {
        mismatches.add(
            "missing expected alert "
                + expected.code()
                + " on "
                + expected.thing()
                + " ("
                + expected.state()
                + "): never raised");
      } else if (!state.equals(expected.state())) {
        mismatches.add(
            "alert "
                + expected.code()
                + " on "
                + expected.thing()
                + " is "
                + state
                + ", expected "
                + expected.state());
      }
    }
    actualAlerts.forEach(
        (key, state) -> {
          boolean listed =
              alerts.stream()
                  .anyMatch(e -> e.thing().equals(key.thing()) && e.code().equals(key.code()));
          if (!listed) {
            mismatches.add(
                "unexpected alert " + key.code() + " on " + key.thing() + " (" + state + ")");
          }
        });
    List<Recorder.Action> unmatched = new ArrayList<>(actualActions);
    for (ExpectedAction expected : actions) {
      Recorder.Action match = unmatched.stream().filter(expected::matches).findFirst().orElse(null);
      if (match == null) {
        mismatches.add("missing expected action " + expected.describe());
      } else {
        unmatched.remove(match);
      }
    }
    for (Recorder.Action extra : unmatched) {
      mismatches.add(
          "unexpected action "
              + extra.describe()
              + (extra.detail().isEmpty() ? "" : ": " + extra.detail()));
    }
    return mismatches;
  }
}
