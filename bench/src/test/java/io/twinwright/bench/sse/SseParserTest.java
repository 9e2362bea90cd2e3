package io.twinwright.bench.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<String> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  private void feed(String... lines) {
    for (String line : lines) {
      parser.line(line);
    }
  }

  @Test
  void hands_over_the_data_of_an_event_when_a_blank_line_ends_it() {
    feed("data: {\"thingId\":\"bench:bench-0001\"}");
    assertThat(events).isEmpty();

    feed("");

    assertThat(events).containsExactly("{\"thingId\":\"bench:bench-0001\"}");
  }

  @Test
  void joins_multi_line_data_with_newlines() {
    feed("data: {\"a\":", "data: 1}", "");

    assertThat(events).containsExactly("{\"a\":\n1}");
  }

  @Test
  void skips_comments_other_fields_and_empty_events() {
    feed(
        ":keep-alive",
        "",
        "event: twin",
        "id: 17",
        "retry: 1000",
        "data:{\"x\":1}",
        "",
        "data:",
        "");

    assertThat(events).containsExactly("{\"x\":1}");
  }

  @Test
  void tolerates_crlf_line_ends() {
    feed("data: {\"x\":2}\r", "\r");

    assertThat(events).containsExactly("{\"x\":2}");
  }

  @Test
  void decodes_thing_id_and_temperature_and_ignores_unknown_fields() {
    TwinUpdateDecoder decoder = new TwinUpdateDecoder();

    assertThat(
            decoder.decode(
                "{\"thingId\":\"bench:bench-0001\",\"revision\":42,\"_modified\":\"2025-01-01T00:00:00Z\","
                    + "\"features\":{\"temperature\":{\"properties\":{\"value\":22.37,\"unit\":\"C\"}},"
                    + "\"battery\":{\"properties\":{\"value\":93}}}}"))
        .contains(new TwinUpdate("bench:bench-0001", 22.37));
  }

  @Test
  void updates_without_a_temperature_decode_to_nothing() {
    TwinUpdateDecoder decoder = new TwinUpdateDecoder();

    assertThat(decoder.decode("{\"thingId\":\"bench:x\",\"features\":{\"battery\":{}}}")).isEmpty();
    assertThat(decoder.decode("{\"features\":{\"temperature\":{\"properties\":{\"value\":1}}}}"))
        .isEmpty();
    assertThatThrownBy(() -> decoder.decode("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splits_long_id_lists_over_several_queries_below_the_limit() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ids.add(String.format("bench:bench-%04d", i));
    }

    List<String> queries = TwinStream.partition(ids, TwinStream.MAX_IDS_CHARS);

    assertThat(queries).hasSizeGreaterThan(1).allMatch(q -> q.length() <= TwinStream.MAX_IDS_CHARS);
    assertThat(String.join(",", queries).split(",")).containsExactlyElementsOf(ids);
    assertThat(TwinStream.partition(ids.subList(0, 200), TwinStream.MAX_IDS_CHARS)).hasSize(1);
  }
}
