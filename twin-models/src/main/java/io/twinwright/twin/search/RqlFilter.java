package io.twinwright.twin.search;

import io.twinwright.twin.InvalidQueryException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.rql.model.predicates.ast.Node;
import org.eclipse.ditto.rql.model.predicates.ast.RootNode;
import org.eclipse.ditto.rql.parser.RqlPredicateParser;
import org.eclipse.ditto.rql.query.criteria.Criteria;
import org.eclipse.ditto.rql.query.filter.QueryFilterCriteriaFactory;
import org.eclipse.ditto.rql.query.things.ThingPredicateVisitor;
import org.eclipse.ditto.things.model.Thing;

/**
 * An RQL filter parsed once with Ditto's own parser and evaluated in memory against Ditto things,
 * so the semantics (operators, JSON-pointer paths, type coercion) are exactly Ditto's.
 */
public final class RqlFilter {
  private static final QueryFilterCriteriaFactory CRITERIA =
      QueryFilterCriteriaFactory.modelBased(RqlPredicateParser.getInstance());

  // Ditto's parser costs far more than evaluating an indexed filter, and clients repeat the same
  // few filters: keep the most recently used parsed ones (they are immutable, so sharing is safe)
  private static final int CACHED = 1_024;
  private static final Map<String, RqlFilter> PARSED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RqlFilter> eldest) {
              return size() > CACHED;
            }
          });

  private final String expression;
  private final Predicate<Thing> predicate;
  // the syntax tree, kept for the index planner; null for the empty filter (matches all)
  private final Node ast;

  private RqlFilter(String expression, Predicate<Thing> predicate, Node ast) {
    this.expression = expression;
    this.predicate = predicate;
    this.ast = ast;
  }

  /**
   * Parses an RQL filter expression.
   *
   * @throws InvalidQueryException when the expression is not valid RQL
   */
  public static RqlFilter parse(String expression) {
    if (expression == null || expression.isBlank()) {
      return new RqlFilter("", thing -> true, null);
    }
    RqlFilter cached = PARSED.get(expression);
    if (cached != null) {
      return cached;
    }
    RqlFilter parsed = parseUncached(expression);
    PARSED.put(expression, parsed);
    return parsed;
  }

  private static RqlFilter parseUncached(String expression) {
    try {
      Criteria criteria = CRITERIA.filterCriteria(expression, DittoHeaders.empty());
      RootNode root = RqlPredicateParser.getInstance().parse(expression);
      Node top = root.getChildren().size() == 1 ? root.getChildren().get(0) : root;
      return new RqlFilter(expression, ThingPredicateVisitor.apply(criteria), top);
    } catch (DittoRuntimeException e) {
      throw new InvalidQueryException(describe(e), e);
    } catch (RuntimeException e) {
      throw new InvalidQueryException("invalid RQL filter: " + e.getMessage(), e);
    }
  }

  private static String describe(DittoRuntimeException e) {
    return e.getDescription().map(d -> e.getMessage() + " " + d).orElse(e.getMessage());
  }

  public boolean test(Thing thing) {
    return predicate.test(thing);
  }

  public String expression() {
    return expression;
  }

  /** The parsed expression; empty when the filter matches every twin. */
  Optional<Node> ast() {
    return Optional.ofNullable(ast);
  }
}
