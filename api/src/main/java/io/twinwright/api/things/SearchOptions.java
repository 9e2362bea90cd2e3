package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import io.twinwright.api.http.Requests;
import io.twinwright.twin.search.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.ditto.json.JsonPointer;

/**
 * Ditto's search {@code option} parameter: {@code sort(+attributes/x,-thingId)}, {@code size(n)},
 * {@code cursor(c)} and the older {@code limit(offset,count)}.
 *
 * @param sort the sort keys, in order (empty: by thing id)
 * @param size most results per page
 * @param offset the offset of {@code limit(offset,count)}, when that form was used
 * @param cursor the cursor of the page to continue from, if given
 */
record SearchOptions(List<SortKey> sort, int size, OptionalInt offset, Optional<String> cursor) {
  static final String INVALID = "thing-search:search.option.invalid";
  private static final Pattern SIZE = Pattern.compile("size\\((\\d{1,9})\\)");
  private static final Pattern LIMIT = Pattern.compile("limit\\((\\d{1,9}),(\\d{1,9})\\)");
  private static final Pattern SORT = Pattern.compile("sort\\((.+)\\)");
  private static final Pattern CURSOR = Pattern.compile("cursor\\(([A-Za-z0-9_-]+=*)\\)");
  private static final Pattern SORT_KEY = Pattern.compile("([+-])([A-Za-z0-9_:./-]+)");

  SearchOptions {
    sort = List.copyOf(sort);
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive");
    }
  }

  static SearchOptions parse(Optional<String> option, int defaultSize, int maxSize) {
    List<SortKey> sort = new ArrayList<>();
    int size = defaultSize;
    OptionalInt offset = OptionalInt.empty();
    Optional<String> cursor = Optional.empty();
    for (String part : Requests.splitTopLevel(option.orElse(""))) {
      Matcher m;
      if ((m = SIZE.matcher(part)).matches()) {
        size = Integer.parseInt(m.group(1));
      } else if ((m = LIMIT.matcher(part)).matches()) {
        offset = OptionalInt.of(Integer.parseInt(m.group(1)));
        size = Integer.parseInt(m.group(2));
      } else if ((m = SORT.matcher(part)).matches()) {
        for (String key : m.group(1).split(",")) {
          Matcher k = SORT_KEY.matcher(key.trim());
          if (!k.matches()) {
            throw invalid(
                "The sort key <" + key.trim() + "> is not valid.",
                "Write sort keys as +path or -path, e.g. sort(+attributes/location,-thingId).");
          }
          sort.add(new SortKey(JsonPointer.of("/" + k.group(2)), "+".equals(k.group(1))));
        }
      } else if ((m = CURSOR.matcher(part)).matches()) {
        cursor = Optional.of(m.group(1));
      } else {
        throw invalid(
            "The search option <" + part + "> is not supported.",
            "Supported options are sort(+path,-path), size(n), cursor(c) and limit(offset,count).");
      }
    }
    if (size < 1 || size > maxSize) {
      throw invalid(
          "The page size must be between 1 and " + maxSize + ".",
          "Ask for a smaller page with size(n).");
    }
    if (offset.isPresent() && cursor.isPresent()) {
      throw invalid(
          "The options limit and cursor cannot be combined.",
          "Page with cursor(c) and size(n), or with limit(offset,count).");
    }
    return new SearchOptions(sort, size, offset, cursor);
  }

  static ApiException invalid(String message, String description) {
    return new ApiException(400, INVALID, message, description);
  }
}
