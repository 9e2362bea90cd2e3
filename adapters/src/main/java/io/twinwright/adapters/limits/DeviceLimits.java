package io.twinwright.adapters.limits;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limits of {@link AdapterConfig.Limits}: message rates per device and per tenant, MQTT
 * connections per tenant, and login throttling. The platform gives one instance to all its
 * adapters, so a device cannot escape its limit by switching protocol or MQTT instance.
 * Thread-safe; no call blocks.
 */
public final class DeviceLimits {

  private final AdapterConfig.Limits limits;
  private final Map<DeviceId, TokenBucket> devices = new ConcurrentHashMap<>();
  private final Map<TenantId, TokenBucket> tenants = new ConcurrentHashMap<>();
  private final Map<TenantId, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final AuthThrottle logins;
  private final LongAdder refusedMessages = new LongAdder();

  public DeviceLimits(AdapterConfig.Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.logins =
        new AuthThrottle(
            limits.maxAuthFailures(),
            limits.maxAuthFailures() * AdapterConfig.Limits.HOST_FAILURE_FACTOR,
            limits.authFailureWindow());
  }

  /** Takes one message of {@code device} from its own and its tenant's budget. */
  public Verdict message(DeviceId device) {
    long now = System.nanoTime();
    TokenBucket own =
        devices.computeIfAbsent(device, d -> new TokenBucket(limits.deviceRate(), now));
    if (!own.tryTake(now)) {
      refusedMessages.increment();
      return Verdict.refused(Verdict.DEVICE_RATE, own.secondsUntilToken(now));
    }
    TokenBucket tenant =
        tenants.computeIfAbsent(device.tenant(), t -> new TokenBucket(limits.tenantRate(), now));
    if (!tenant.tryTake(now)) {
      own.giveBack();
      refusedMessages.increment();
      return Verdict.refused(Verdict.TENANT_RATE, tenant.secondsUntilToken(now));
    }
    return Verdict.ALLOWED;
  }

  /** Counts a new MQTT connection of the tenant, unless it holds its maximum already. */
  public boolean openConnection(TenantId tenant) {
    AtomicInteger open = connections.computeIfAbsent(tenant, t -> new AtomicInteger());
    while (true) {
      int now = open.get();
      if (now >= limits.tenantMaxConnections()) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Releases a connection counted by {@link #openConnection}. */
  public void closeConnection(TenantId tenant) {
    AtomicInteger open = connections.get(tenant);
    if (open != null) {
      open.updateAndGet(n -> Math.max(0, n - 1));
    }
  }

  /** The tenant's open MQTT connections. */
  public int connections(TenantId tenant) {
    AtomicInteger open = connections.get(tenant);
    return open == null ? 0 : open.get();
  }

  /**
   * Whether a login of {@code authId} from {@code host} must be refused without checking its
   * secret.
   */
  public Optional<Throttled> loginThrottled(TenantId tenant, String authId, String host) {
    return logins.throttled(authKey(tenant, authId), hostKey(host), System.nanoTime());
  }

  /** Records a login refused for bad credentials. */
  public void loginFailed(TenantId tenant, String authId, Optional<DeviceId> device, String host) {
    logins.failed(authKey(tenant, authId), device, hostKey(host), System.nanoTime());
  }

  /** Messages refused for a rate limit since start. */
  public long messagesRefused() {
    return refusedMessages.sum();
  }

  private static String authKey(TenantId tenant, String authId) {
    return "id:" + tenant.value() + '\u0000' + authId;
  }

  private static String hostKey(String host) {
    return "host:" + host;
  }
}
