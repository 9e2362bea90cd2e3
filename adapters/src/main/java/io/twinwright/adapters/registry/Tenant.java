package io.twinwright.adapters.registry;

import io.twinwright.twin.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant as the registry knows it, in the shape of Hono's tenant object. Devices of a disabled
 * tenant cannot authenticate.
 *
 * @param trustedCas the CAs whose certificates authenticate the tenant's devices ({@code
 *     trusted-ca})
 * @param ext free-form JSON-compatible values; the platform reads {@value #EXT_DEFAULT_MODEL} and
 *     {@value #EXT_DEFAULT_PROFILE}, the Thing Model and vendor profile of devices registered by
 *     auto-provisioning
 */
public record Tenant(
    TenantId id, boolean enabled, List<TrustedCa> trustedCas, Map<String, Object> ext) {

  public static final String EXT_DEFAULT_MODEL = "default-model";
  public static final String EXT_DEFAULT_PROFILE = "default-profile";

  public Tenant {
    Objects.requireNonNull(id, "id");
    trustedCas = List.copyOf(Objects.requireNonNull(trustedCas, "trustedCas"));
    ext = Registration.immutableMap(Objects.requireNonNull(ext, "ext"));
  }

  public Tenant(TenantId id, boolean enabled) {
    this(id, enabled, List.of(), Map.of());
  }

  public static Tenant enabled(TenantId id) {
    return new Tenant(id, true);
  }

  /** The Thing Model auto-provisioned devices get ({@code ext.default-model}). */
  public Optional<String> defaultModel() {
    return text(EXT_DEFAULT_MODEL);
  }

  /** The vendor profile auto-provisioned devices get ({@code ext.default-profile}). */
  public Optional<String> defaultProfile() {
    return text(EXT_DEFAULT_PROFILE);
  }

  private Optional<String> text(String key) {
    return ext.get(key) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }
}
