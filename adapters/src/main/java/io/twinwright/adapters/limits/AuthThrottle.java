package io.twinwright.adapters.limits;

import io.twinwright.twin.DeviceId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per auth-id and per remote host within a sliding window. Once a key reached
 * its limit, logins are refused without checking the secret until its oldest failure leaves the
 * window: password hashing is the expensive part of a login, and a brute-force attacker would
 * otherwise have the platform spend it on every guess.
 */
final class AuthThrottle {

  /** The failures of one key; the device is remembered so throttled attempts can be reported. */
  private static final class Failures {
    final ArrayDeque<Long> times = new ArrayDeque<>();
    Optional<DeviceId> device = Optional.empty();
  }

  /** Above this many keys, stale ones are purged on the next failure. */
  private static final int PURGE_ABOVE = 10_000;

  private final int maxPerAuthId;
  private final int maxPerHost;
  private final long windowNanos;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  AuthThrottle(int maxPerAuthId, int maxPerHost, Duration window) {
    this.maxPerAuthId = maxPerAuthId;
    this.maxPerHost = maxPerHost;
    this.windowNanos = window.toNanos();
  }

  /** Whether a login must be refused unchecked; empty when it may be checked. */
  Optional<Throttled> throttled(String authKey, String host, long nowNanos) {
    Failures byId = failures.get(authKey);
    boolean idFull = byId != null && full(byId, maxPerAuthId, nowNanos);
    Failures byHost = failures.get(host);
    boolean hostFull = byHost != null && full(byHost, maxPerHost, nowNanos);
    if (!idFull && !hostFull) {
      return Optional.empty();
    }
    Optional<DeviceId> device = Optional.empty();
    if (byId != null) {
      synchronized (byId) {
        device = byId.device;
      }
    }
    return Optional.of(new Throttled(device));
  }

  void failed(String authKey, Optional<DeviceId> device, String host, long nowNanos) {
    if (failures.size() > PURGE_ABOVE) {
      failures.entrySet().removeIf(e -> stale(e.getValue(), nowNanos));
    }
    record(authKey, device, maxPerAuthId, nowNanos);
    record(host, Optional.empty(), maxPerHost, nowNanos);
  }

  private void record(String key, Optional<DeviceId> device, int max, long nowNanos) {
    Failures f = failures.computeIfAbsent(key, k -> new Failures());
    synchronized (f) {
      expire(f, nowNanos);
      f.times.addLast(nowNanos);
      while (f.times.size() > max) {
        f.times.removeFirst();
      }
      if (device.isPresent()) {
        f.device = device;
      }
    }
  }

  private boolean full(Failures f, int max, long nowNanos) {
    synchronized (f) {
      expire(f, nowNanos);
      return f.times.size() >= max;
    }
  }

  private boolean stale(Failures f, long nowNanos) {
    synchronized (f) {
      expire(f, nowNanos);
      return f.times.isEmpty();
    }
  }

  private void expire(Failures f, long nowNanos) {
    while (!f.times.isEmpty() && nowNanos - f.times.peekFirst() >= windowNanos) {
      f.times.removeFirst();
    }
  }
}
