package io.twinwright.rules.maintenance;

import io.twinwright.rules.facts.Measurement;
import io.twinwright.rules.reactivity.MaskedUpdates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Feeds each new reading of a {@link Measurement} to the trackers of its sensor, in plain Java, and
 * updates a tracker in the session with only the statistics the reading changed.
 *
 * <p>The rules decide which trackers exist and which policy each follows; the feed gives them the
 * readings and drops a sensor's trackers when its measurement is deleted. A rule that fed the
 * trackers itself fired once per reading and woke every tracker pattern with a modify of the whole
 * fact, which cost more than all the other rules together. Listening to the session keeps the feed
 * in step with whatever the rules insert and delete. One per session; confined to the session's
 * thread.
 *
 * <p>Call {@link #absorb} after the rules have fired on new readings, then fire again if it returns
 * true: the readings reach the trackers under the policies the rules settled on, and the rules
 * judge what the trackers learnt.
 */
public final class TrackerFeed implements RuleRuntimeEventListener {

  /** Guards against a pack that keeps inserting trackers for readings the feed then absorbs. */
  private static final int MAX_PASSES = 8;

  private record SensorKey(String thingId, String featureId, String path) {}

  private static final class Tracked {
    final SensorTracker tracker;
    final FactHandle handle;

    Tracked(SensorTracker tracker, FactHandle handle) {
      this.tracker = tracker;
      this.handle = handle;
    }
  }

  private static final class Sensor {
    final SensorKey key;
    Measurement measurement;
    final List<Tracked> trackers = new ArrayList<>(2);
    boolean pending;

    Sensor(SensorKey key) {
      this.key = key;
    }
  }

  private final Map<SensorKey, Sensor> sensors = new HashMap<>();
  private final Map<FactHandle, Sensor> byMeasurement = new IdentityHashMap<>();
  private final List<Sensor> pending = new ArrayList<>();
  private final List<Sensor> orphaned = new ArrayList<>();
  private MaskedUpdates updates;

  /**
   * The trackers of a sensor, for the pack's {@code trackers} global: whether a sensor has a
   * tracker is asked of this registry rather than of the session, where the question would be
   * re-asked at every tracker update.
   */
  public List<SensorTracker> of(String thingId, String featureId, String path) {
    Sensor sensor = sensors.get(new SensorKey(thingId, featureId, path));
    if (sensor == null || sensor.trackers.isEmpty()) {
      return List.of();
    }
    List<SensorTracker> found = new ArrayList<>(sensor.trackers.size());
    for (Tracked tracked : sensor.trackers) {
      found.add(tracked.tracker);
    }
    return found;
  }

  /**
   * Fires the session, then feeds it the new readings and fires again until no tracker learnt
   * anything new.
   */
  public void fire(KieSession session) {
    dropOrphans(session);
    session.fireAllRules();
    for (int pass = 0; pass < MAX_PASSES && absorb(session); pass++) {
      session.fireAllRules();
    }
  }

  /**
   * Gives every tracker the current reading of its sensor, if it has not seen it, for the sensors
   * whose measurement or trackers changed since the last call.
   *
   * @return whether any tracker learnt a reading (the rules then need to fire)
   */
  public boolean absorb(KieSession session) {
    boolean learnt = false;
    // a tracker update below cannot add sensors: the list is stable while it is walked
    for (Sensor sensor : pending) {
      sensor.pending = false;
      Measurement reading = sensor.measurement;
      if (reading == null) {
        continue;
      }
      for (Tracked tracked : sensor.trackers) {
        SensorTracker tracker = tracked.tracker;
        long changed = tracker.absorbReading(reading.getValue(), reading.getAtMillis());
        if (changed != 0) {
          if (updates == null) {
            updates = new MaskedUpdates(session);
          }
          updates.update(tracked.handle, tracker, tracker.statistics().array(), changed);
          learnt = true;
        }
      }
    }
    pending.clear();
    return learnt;
  }

  @Override
  public void objectInserted(ObjectInsertedEvent event) {
    Object fact = event.getObject();
    if (fact instanceof Measurement measurement) {
      Sensor sensor =
          sensor(measurement.getThingId(), measurement.getFeatureId(), measurement.getPath());
      sensor.measurement = measurement;
      byMeasurement.put(event.getFactHandle(), sensor);
      markPending(sensor);
    } else if (fact instanceof SensorTracker tracker) {
      Sensor sensor = sensor(tracker.getThingId(), tracker.getFeatureId(), tracker.getPath());
      sensor.trackers.add(new Tracked(tracker, event.getFactHandle()));
      markPending(sensor);
    }
  }

  @Override
  public void objectUpdated(ObjectUpdatedEvent event) {
    if (event.getObject() instanceof Measurement measurement) {
      Sensor sensor = byMeasurement.get(event.getFactHandle());
      if (sensor != null) {
        sensor.measurement = measurement;
        if (!sensor.trackers.isEmpty()) {
          markPending(sensor);
        }
      }
    }
  }

  @Override
  public void objectDeleted(ObjectDeletedEvent event) {
    Object fact = event.getOldObject();
    if (fact instanceof Measurement) {
      Sensor sensor = byMeasurement.remove(event.getFactHandle());
      if (sensor != null) {
        sensor.measurement = null;
        if (sensor.trackers.isEmpty()) {
          forgetIfEmpty(sensor);
        } else {
          orphaned.add(sensor);
        }
      }
    } else if (fact instanceof SensorTracker tracker) {
      Sensor sensor =
          sensors.get(
              new SensorKey(tracker.getThingId(), tracker.getFeatureId(), tracker.getPath()));
      if (sensor != null) {
        sensor.trackers.removeIf(tracked -> tracked.tracker == tracker);
        forgetIfEmpty(sensor);
      }
    }
  }

  /**
   * Deletes the trackers of sensors whose measurement is gone (the twin was deleted): with a rule
   * that said so, every tracker was blocked by its measurement in a {@code not} node, and every
   * reading of every sensor paid for finding that blocker again.
   */
  private void dropOrphans(KieSession session) {
    if (orphaned.isEmpty()) {
      return;
    }
    for (Sensor sensor : orphaned) {
      // a measurement deleted and inserted again before the rules fired keeps its trackers
      if (sensor.measurement == null) {
        for (Tracked tracked : List.copyOf(sensor.trackers)) {
          session.delete(tracked.handle);
        }
      }
    }
    orphaned.clear();
  }

  private Sensor sensor(String thingId, String featureId, String path) {
    return sensors.computeIfAbsent(new SensorKey(thingId, featureId, path), Sensor::new);
  }

  private void markPending(Sensor sensor) {
    if (!sensor.pending) {
      sensor.pending = true;
      pending.add(sensor);
    }
  }

  private void forgetIfEmpty(Sensor sensor) {
    if (sensor.measurement == null && sensor.trackers.isEmpty()) {
      sensors.remove(sensor.key);
    }
  }
}
