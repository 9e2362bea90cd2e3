package io.twinwright.adapters.registry;

/**
 * Why a login was refused. The first four mean "bad user name or password" to the device; the last
 * two mean "not authorized".
 */
public enum AuthFailure {
  UNKNOWN_TENANT,
  UNKNOWN_AUTH_ID,
  WRONG_PASSWORD,
  /** a client certificate that does not chain to a CA its tenant trusts (or has expired) */
  UNTRUSTED_CERTIFICATE,
  /** the device, its tenant or its credentials are disabled */
  DISABLED,
  QUARANTINED;

  /** True when the credentials themselves were wrong, as opposed to a known device being barred. */
  public boolean badCredentials() {
    return this == UNKNOWN_TENANT
        || this == UNKNOWN_AUTH_ID
        || this == WRONG_PASSWORD
        || this == UNTRUSTED_CERTIFICATE;
  }
}
