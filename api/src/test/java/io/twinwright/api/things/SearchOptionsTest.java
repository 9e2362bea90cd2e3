package io.twinwright.api.things;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.api.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchOptionsTest {

  private static SearchOptions parse(String option) {
    return SearchOptions.parse(Optional.ofNullable(option), 25, 200);
  }

  @Test
  void defaults_to_the_first_page_of_the_default_size() {
    assertThat(parse(null)).isEqualTo(new SearchOptions(0, 25));
  }

  @Test
  void reads_size_and_limit_even_when_combined() {
    assertThat(parse("size(10)")).isEqualTo(new SearchOptions(0, 10));
    assertThat(parse("limit(40,20)")).isEqualTo(new SearchOptions(40, 20));
    assertThat(parse("limit(40,20),size(5)")).isEqualTo(new SearchOptions(40, 5));
  }

  @Test
  void rejects_pages_above_the_maximum() {
    assertThatThrownBy(() -> parse("size(201)"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void rejects_unsupported_options_by_name() {
    assertThatThrownBy(() -> parse("size(5),cursor(abc)"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("cursor(abc)");
  }
}
