package io.twinwright.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationTest {

  @Test
  void reads_profile_and_model_from_ext() {
    Registration registration = Registration.of("acme-thermo-v1", "urn:tm:thermostat:1.0.0");
    assertThat(registration.profile()).isEqualTo("acme-thermo-v1");
    assertThat(registration.model()).contains("urn:tm:thermostat:1.0.0");
    assertThat(Registration.enabledDevice().profile()).isEmpty();
    assertThat(Registration.enabledDevice().model()).isEmpty();
  }

  @Test
  void copies_nested_ext_values() {
    List<Object> tags = new ArrayList<>(List.of("a"));
    Map<String, Object> ext = new HashMap<>(Map.of("tags", tags));
    Registration registration = new Registration(true, List.of(), ext);
    tags.add("b");
    ext.put("profile", "late");
    assertThat(registration.ext()).isEqualTo(Map.of("tags", List.of("a")));
    assertThatThrownBy(() -> ((List<Object>) registration.ext().get("tags")).add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejects_non_json_ext_values() {
    assertThatThrownBy(() -> new Registration(true, List.of(), Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
