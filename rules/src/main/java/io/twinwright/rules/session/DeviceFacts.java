package io.twinwright.rules.session;

import io.twinwright.rules.facts.Device;
import io.twinwright.rules.facts.Measurement;
import io.twinwright.rules.reactivity.MaskedUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The facts of one device in its partition's session and their handles. Changes are applied to the
 * facts at once but announced to the session only at the end of a batch, once per fact, however
 * many reports of the device the batch held.
 */
final class DeviceFacts {

  /** One property's measurement and its handle. */
  private static final class Slot {
    final Measurement fact;
    FactHandle handle;
    boolean dirty;
    // a changed model is rare; a new value is every reading, and few patterns look only at keys
    boolean modelChanged;

    Slot(Measurement fact, FactHandle handle) {
      this.fact = fact;
      this.handle = handle;
    }
  }

  /** What a report changes on the device: {@link Device#seen} and {@link Device#recentMessages}. */
  private static final String[] DEVICE_REPORT = {"lastSeenMillis", "recentMessages"};

  /** What a new reading changes on a measurement: {@link Measurement#set}. */
  private static final String[] NEW_READING = {"value", "atMillis"};

  private static final long ALL_OF_REPORT = (1L << DEVICE_REPORT.length) - 1;
  private static final long ALL_OF_READING = (1L << NEW_READING.length) - 1;

  final Device device;
  private FactHandle deviceHandle;
  private final MessageWindow messages = new MessageWindow();
  // a device has a handful of properties: a linear scan beats hashing a composite key
  private final List<Slot> measurements = new ArrayList<>(4);
  private boolean deviceDirty;
  private boolean deviceModelChanged;
  private boolean anyMeasurementDirty;

  /** Whether the device is on its partition's list of devices to flush at the end of the batch. */
  boolean pending;

  DeviceFacts(Device device, KieSession session) {
    this.device = device;
    this.deviceHandle = session.insert(device);
  }

  void seen(long atMillis) {
    deviceDirty |= device.seen(atMillis);
  }

  /** Counts a message of the device for the flooding rule. */
  void message(long atMillis, long windowMillis, int cap) {
    deviceDirty |= device.recentMessages(messages.record(atMillis, windowMillis, cap));
  }

  /**
   * The adapters refused messages over a rate limit: the device counts as over the flooding limit,
   * which the refused messages never reached the twin to show.
   */
  void overLimit(int count) {
    deviceDirty |= device.recentMessages(Math.max(count, device.getRecentMessages()));
  }

  void assignModel(String modelId) {
    if (device.assignModel(modelId)) {
      deviceDirty = true;
      deviceModelChanged = true;
      for (Slot slot : measurements) {
        slot.fact.assignModel(modelId);
        slot.dirty = true;
        slot.modelChanged = true;
      }
      anyMeasurementDirty = !measurements.isEmpty();
    }
  }

  void measure(String featureId, String path, double value, long atMillis, KieSession session) {
    for (Slot slot : measurements) {
      if (slot.fact.is(featureId, path)) {
        slot.fact.set(value, atMillis);
        slot.dirty = true;
        anyMeasurementDirty = true;
        return;
      }
    }
    Measurement fact =
        new Measurement(device.getThingId(), device.getModelId(), featureId, path, value, atMillis);
    measurements.add(new Slot(fact, session.insert(fact)));
  }

  /** Tells the session about every fact changed since the last flush. */
  void flush(KieSession session, MaskedUpdates updates) {
    if (deviceDirty) {
      // property reactivity: patterns that read neither time nor count (a model join, a
      // "twin exists" test) are not re-evaluated for every report
      if (deviceModelChanged) {
        session.update(deviceHandle, device);
      } else {
        updates.update(deviceHandle, device, DEVICE_REPORT, ALL_OF_REPORT);
      }
      deviceDirty = false;
      deviceModelChanged = false;
    }
    if (anyMeasurementDirty) {
      for (Slot slot : measurements) {
        if (slot.dirty) {
          if (slot.modelChanged) {
            session.update(slot.handle, slot.fact);
          } else {
            updates.update(slot.handle, slot.fact, NEW_READING, ALL_OF_READING);
          }
          slot.dirty = false;
          slot.modelChanged = false;
        }
      }
      anyMeasurementDirty = false;
    }
  }

  /** Inserts the device's facts into a new session and adds them to {@code owned}. */
  void rebind(KieSession session, Set<Object> owned) {
    deviceHandle = session.insert(device);
    owned.add(device);
    for (Slot slot : measurements) {
      slot.handle = session.insert(slot.fact);
      slot.dirty = false;
      slot.modelChanged = false;
      owned.add(slot.fact);
    }
    deviceDirty = false;
    deviceModelChanged = false;
    anyMeasurementDirty = false;
  }

  void delete(KieSession session) {
    for (Slot slot : measurements) {
      session.delete(slot.handle);
    }
    measurements.clear();
    session.delete(deviceHandle);
    deviceDirty = false;
    anyMeasurementDirty = false;
  }
}
