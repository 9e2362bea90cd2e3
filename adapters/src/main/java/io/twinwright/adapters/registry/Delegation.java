package io.twinwright.adapters.registry;

import java.util.Objects;

/**
 * Whether a gateway may send for a device ({@code telemetry/<tenant>/<device>}), as the registry
 * decided it.
 */
public sealed interface Delegation {

  /**
   * The gateway may send for the device.
   *
   * @param provisioned the device was registered just now, because the gateway may provision
   */
  record Allowed(Device device, boolean provisioned) implements Delegation {
    public Allowed {
      Objects.requireNonNull(device, "device");
    }
  }

  record Refused(Reason reason) implements Delegation {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a gateway may not send for a device. */
  enum Reason {
    /** the device belongs to another tenant than the gateway */
    OTHER_TENANT,
    /** the device's registration does not list the gateway in {@code via} */
    NOT_VIA,
    /** the device is disabled or quarantined */
    DISABLED,
    /** no such device, and the gateway may not provision it */
    UNKNOWN_DEVICE
  }
}
