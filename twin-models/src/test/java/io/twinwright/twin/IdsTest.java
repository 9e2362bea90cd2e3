package io.twinwright.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void thing_id_is_tenant_colon_device_and_parses_back() {
    DeviceId id = DeviceId.of("acme.plant", "th-100_7");
    assertThat(id.thingId()).isEqualTo("acme.plant:th-100_7");
    assertThat(DeviceId.ofThingId("acme.plant:th-100_7")).isEqualTo(id);
  }

  @Test
  void tenants_follow_ditto_namespace_syntax() {
    assertThat(TenantId.isValid("DEFAULT_TENANT")).isTrue();
    assertThat(TenantId.isValid("org.acme")).isTrue();
    assertThat(TenantId.isValid("1acme")).isFalse();
    assertThat(TenantId.isValid("ac/me")).isFalse();
    assertThat(TenantId.isValid("")).isFalse();
  }

  @Test
  void device_ids_reject_slashes_and_empty() {
    assertThatThrownBy(() -> DeviceId.of("acme", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceId.of("acme", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceId.ofThingId("nocolon"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void property_updates_accept_only_scalar_values_and_clean_paths() {
    assertThat(new PropertyUpdate("temperature", "value", 1.5).pointer())
        .isEqualTo("/features/temperature/properties/value");
    assertThatThrownBy(() -> new PropertyUpdate("temperature", "value", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PropertyUpdate("a/b", "value", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PropertyUpdate("t", "../x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patches_copy_their_updates() {
    var list = new java.util.ArrayList<PropertyUpdate>();
    list.add(new PropertyUpdate("t", "value", 1));
    TwinPatch patch = new TwinPatch(DeviceId.of("acme", "d"), list, Instant.EPOCH);
    list.clear();
    assertThat(patch.updates()).hasSize(1);
  }
}
