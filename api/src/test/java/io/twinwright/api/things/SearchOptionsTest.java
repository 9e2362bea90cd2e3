package io.twinwright.api.things;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.api.ApiException;
import io.twinwright.twin.search.SortKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.junit.jupiter.api.Test;

class SearchOptionsTest {

  private static SearchOptions parse(String option) {
    return SearchOptions.parse(Optional.ofNullable(option), 25, 200);
  }

  @Test
  void defaults_to_the_first_page_of_the_default_size() {
    assertThat(parse(null))
        .isEqualTo(new SearchOptions(List.of(), 25, OptionalInt.empty(), Optional.empty()));
  }

  @Test
  void reads_size_and_limit_even_when_combined() {
    assertThat(parse("size(10)").size()).isEqualTo(10);
    assertThat(parse("limit(40,20)").offset()).hasValue(40);
    assertThat(parse("limit(40,20)").size()).isEqualTo(20);
    assertThat(parse("limit(40,20),size(5)").size()).isEqualTo(5);
  }

  @Test
  void reads_sort_keys_in_order_and_the_cursor() {
    SearchOptions options = parse("sort(+attributes/location,-thingId),size(5),cursor(abc_-1)");
    assertThat(options.sort())
        .containsExactly(
            new SortKey(JsonPointer.of("/attributes/location"), true),
            new SortKey(JsonPointer.of("/thingId"), false));
    assertThat(options.cursor()).contains("abc_-1");
  }

  @Test
  void rejects_pages_above_the_maximum_and_bad_sort_keys_with_dittos_code() {
    assertThatThrownBy(() -> parse("size(201)"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errorCode()).isEqualTo("thing-search:search.option.invalid");
            });
    assertThatThrownBy(() -> parse("sort(attributes/x)"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("attributes/x");
    assertThatThrownBy(() -> parse("limit(0,5),cursor(abc)")).isInstanceOf(ApiException.class);
  }

  @Test
  void rejects_unsupported_options_by_name() {
    assertThatThrownBy(() -> parse("size(5),frobnicate(abc)"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("frobnicate(abc)");
  }

  @Test
  void a_cursor_round_trips_and_garbage_is_refused() {
    SearchCursor cursor =
        new SearchCursor(
            "eq(attributes/x,1)",
            "acme",
            "+attributes/x",
            List.of(JsonFactory.newValue(1), JsonFactory.newValue("acme:a")));
    assertThat(SearchCursor.decode(cursor.encode())).isEqualTo(cursor);
    assertThatThrownBy(() -> SearchCursor.decode("not-a-cursor"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.errorCode()).isEqualTo("thing-search:search.option.invalid"));
  }
}
