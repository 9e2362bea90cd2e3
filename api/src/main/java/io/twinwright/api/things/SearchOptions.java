package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import io.twinwright.api.http.Requests;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paging part of Ditto's search {@code option} parameter: {@code size(n)} and {@code
 * limit(offset,count)}. Sorting and cursors are refused with a clear message rather than ignored,
 * because silently unsorted results would mislead a client.
 */
record SearchOptions(int offset, int size) {
  private static final Pattern SIZE = Pattern.compile("size\\((\\d{1,9})\\)");
  private static final Pattern LIMIT = Pattern.compile("limit\\((\\d{1,9}),(\\d{1,9})\\)");

  SearchOptions {
    if (offset < 0 || size < 1) {
      throw new IllegalArgumentException("invalid paging: " + offset + "," + size);
    }
  }

  static SearchOptions parse(Optional<String> option, int defaultSize, int maxSize) {
    int offset = 0;
    int size = defaultSize;
    for (String part : Requests.splitTopLevel(option.orElse(""))) {
      Matcher m;
      if ((m = SIZE.matcher(part)).matches()) {
        size = Integer.parseInt(m.group(1));
      } else if ((m = LIMIT.matcher(part)).matches()) {
        offset = Integer.parseInt(m.group(1));
        size = Integer.parseInt(m.group(2));
      } else {
        throw new ApiException(
            400,
            "api:option.unsupported",
            "The search option <" + part + "> is not supported.",
            "Supported options are size(n) and limit(offset,count).");
      }
    }
    if (size < 1 || size > maxSize) {
      throw new ApiException(
          400,
          "api:option.unsupported",
          "The page size must be between 1 and " + maxSize + ".",
          "Ask for a smaller page with size(n).");
    }
    return new SearchOptions(offset, size);
  }
}
