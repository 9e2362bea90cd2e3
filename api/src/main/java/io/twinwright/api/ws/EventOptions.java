package io.twinwright.api.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.twinwright.twin.search.RqlFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonParseOptions;

/**
 * The options of {@code START-SEND-EVENTS?filter=..&namespaces=..&extraFields=..}.
 *
 * @param filter which twins' events to send (RQL, evaluated on the twin after the change)
 * @param namespaces only events of twins in these namespaces; empty for all
 * @param extraFields fields of the twin to add to each event as {@code extra}
 */
record EventOptions(
    RqlFilter filter, Set<String> namespaces, Optional<JsonFieldSelector> extraFields) {
  static final EventOptions ALL = new EventOptions(RqlFilter.parse(""), Set.of(), Optional.empty());

  EventOptions {
    Objects.requireNonNull(filter, "filter");
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(extraFields, "extraFields");
  }

  /**
   * Parses the options after the control word.
   *
   * @throws io.twinwright.twin.InvalidQueryException when the filter is not valid RQL
   */
  static EventOptions parse(String controlMessage) {
    Map<String, List<String>> params = new QueryStringDecoder(controlMessage).parameters();
    RqlFilter filter = RqlFilter.parse(first(params, "filter").orElse(""));
    Set<String> namespaces =
        first(params, "namespaces").stream()
            .flatMap(n -> Arrays.stream(n.split(",")))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Optional<JsonFieldSelector> extra =
        first(params, "extraFields")
            .filter(f -> !f.isBlank())
            .map(
                f ->
                    JsonFactory.newFieldSelector(
                        f, JsonParseOptions.newBuilder().withoutUrlDecoding().build()));
    return new EventOptions(filter, namespaces, extra);
  }

  private static Optional<String> first(Map<String, List<String>> params, String name) {
    return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty()).map(v -> v.get(0));
  }

  boolean inNamespace(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }
}
