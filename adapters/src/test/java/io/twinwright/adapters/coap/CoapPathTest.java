package io.twinwright.adapters.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoapPathTest {

  @Test
  void parses_hono_upload_paths_long_and_short() {
    CoapPath own = CoapPath.parse(List.of("telemetry")).orElseThrow();
    assertThat(own.kind()).isEqualTo(CoapPath.Kind.UPLOAD);
    assertThat(own.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(own.target()).isEmpty();
    assertThat(own.shortForm()).isFalse();

    CoapPath named = CoapPath.parse(List.of("e", "acme", "lora-7")).orElseThrow();
    assertThat(named.channel()).isEqualTo(Channel.EVENT);
    assertThat(named.target()).contains(DeviceId.of("acme", "lora-7"));
    assertThat(named.shortForm()).isTrue();
  }

  @Test
  void parses_command_responses_with_and_without_device() {
    CoapPath own = CoapPath.parse(List.of("command_response", "req-1")).orElseThrow();
    assertThat(own.kind()).isEqualTo(CoapPath.Kind.COMMAND_RESPONSE);
    assertThat(own.requestId()).contains("req-1");
    CoapPath named = CoapPath.parse(List.of("cr", "acme", "lora-7", "req-2")).orElseThrow();
    assertThat(named.target()).contains(DeviceId.of("acme", "lora-7"));
    assertThat(named.requestId()).contains("req-2");
  }

  @Test
  void unknown_shapes_are_empty_and_malformed_ids_throw() {
    assertThat(CoapPath.parse(List.of())).isEmpty();
    assertThat(CoapPath.parse(List.of("status"))).isEmpty();
    assertThat(CoapPath.parse(List.of("t", "acme"))).isEmpty();
    assertThat(CoapPath.parse(List.of("cr"))).isEmpty();
    assertThatThrownBy(() -> CoapPath.parse(List.of("t", "ac@me", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void command_location_names_the_response_path() {
    assertThat(CoapPath.commandLocation(false, Optional.empty(), Optional.of("r1")))
        .isEqualTo("command_response/r1");
    assertThat(CoapPath.commandLocation(true, Optional.empty(), Optional.empty())).isEqualTo("c");
    assertThat(
            CoapPath.commandLocation(
                false, Optional.of(DeviceId.of("acme", "lora-7")), Optional.of("r1")))
        .isEqualTo("command_response/acme/lora-7/r1");
  }
}
