package io.twinwright.ontology.graph;

import io.twinwright.ontology.vocab.Tw;
import io.twinwright.ontology.vocab.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.DatasetGraphFilteredView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The fleet as an RDF graph, one named graph per tenant, kept in a transactional in-memory Jena
 * dataset and answering read-only SPARQL per tenant.
 *
 * <p><b>Shape.</b> A twin is {@code <https://twinwright.io/thing/{thingId}>}, typed with its Thing
 * Model's semantic type and that type's superclasses from the vocabulary (so {@code ?x a
 * tw:Machine} finds chillers and pumps without a reasoner), and always {@code saref:Device} and
 * {@code sosa:Platform}. It carries {@code tw:thingId}, {@code tw:thingModel}, {@code
 * tw:securityState}, its relations ({@code tw:partOf}, {@code tw:locatedIn}, {@code tw:feeds},
 * {@code tw:hasSensor} plus {@code sosa:hosts}), and for each canonical value both a shortcut
 * {@code <twin> tw:temperature 31.5} (when the value's term is known) and a {@code
 * sosa:Observation} node with the feature, path, {@code sosa:hasSimpleResult}, {@code qudt:unit}
 * and {@code sosa:resultTime}. A {@code locatedIn} that is not a thing id is a {@code tw:Location}
 * node with that name as {@code rdfs:label}. The vocabulary itself is a graph every tenant sees.
 *
 * <p><b>Incremental and concurrent.</b> Only statements whose subject is the twin or one of its
 * observations belong to it, so {@link #update} replaces exactly those in one write transaction;
 * queries run in read transactions on a consistent snapshot (the dataset is MVCC), so they never
 * see half of an update and never block writers.
 *
 * <p><b>Isolation.</b> A query runs over a view that holds only the tenant's graph and the
 * vocabulary (its default graph is their union); naming another tenant's graph with {@code GRAPH}
 * or {@code FROM} finds nothing. SERVICE calls are refused.
 */
public final class TwinGraph {
  public static final String THING_BASE = "https://twinwright.io/thing/";
  public static final String TENANT_BASE = "https://twinwright.io/tenant/";
  public static final String LOCATION_BASE = "https://twinwright.io/location/";
  public static final String VOCABULARY_GRAPH = "https://twinwright.io/graph/vocabulary";

  private static final Node TYPE = RDF.type.asNode();
  private static final Node LABEL = RDFS.label.asNode();
  private static final Node SAREF_DEVICE = uri(Tw.SAREF + "Device");
  private static final Node SOSA_PLATFORM = uri(Tw.SOSA + "Platform");
  private static final Node SOSA_OBSERVATION = uri(Tw.SOSA + "Observation");
  private static final Node SOSA_HOSTS = uri(Tw.SOSA + "hosts");
  private static final Node SOSA_FOI = uri(Tw.SOSA + "hasFeatureOfInterest");
  private static final Node SOSA_OBSERVED_PROPERTY = uri(Tw.SOSA + "observedProperty");
  private static final Node SOSA_RESULT = uri(Tw.SOSA + "hasSimpleResult");
  private static final Node SOSA_RESULT_TIME = uri(Tw.SOSA + "resultTime");
  private static final Node QUDT_UNIT = uri(Tw.QUDT + "unit");
  private static final Node TW_THING_ID = uri(Tw.NS + "thingId");
  private static final Node TW_THING_MODEL = uri(Tw.NS + "thingModel");
  private static final Node TW_SECURITY = uri(Tw.NS + "securityState");
  private static final Node TW_PART_OF = uri(Tw.NS + "partOf");
  private static final Node TW_LOCATED_IN = uri(Tw.NS + "locatedIn");
  private static final Node TW_FEEDS = uri(Tw.NS + "feeds");
  private static final Node TW_HAS_SENSOR = uri(Tw.NS + "hasSensor");
  private static final Node TW_OBSERVATION = uri(Tw.NS + "observation");
  private static final Node TW_FEATURE = uri(Tw.NS + "featureId");
  private static final Node TW_PATH = uri(Tw.NS + "propertyPath");
  private static final Node TW_LOCATION = uri(Tw.NS + "Location");

  private final TwinGraphConfig config;
  private final DatasetGraph dataset = DatasetGraphFactory.createTxnMem();
  private final Node vocabularyGraph = uri(VOCABULARY_GRAPH);
  private final Map<String, Set<Node>> superclasses;
  private final Map<String, String> tenantOf = new ConcurrentHashMap<>();

  /**
   * @param vocabulary the vocabulary whose statements every tenant's queries see
   */
  public TwinGraph(TwinGraphConfig config, Vocabulary vocabulary) {
    this.config = Objects.requireNonNull(config, "config");
    Model statements = vocabulary.statements();
    this.superclasses = superclasses(statements);
    Graph vocab = statements.getGraph();
    Txn.executeWrite(
        dataset,
        () -> vocab.find().forEachRemaining(t -> dataset.add(Quad.create(vocabularyGraph, t))));
  }

  /** A graph over the bundled vocabulary with default limits. */
  public static TwinGraph withDefaults() {
    return new TwinGraph(TwinGraphConfig.defaults(), Vocabulary.bundled());
  }

  public TwinGraphConfig config() {
    return config;
  }

  /** The IRI of a twin in the graph, for building queries. */
  public static String twinIri(String thingId) {
    return THING_BASE + encode(thingId);
  }

  /** The IRI of a tenant's named graph. */
  public static String tenantGraphIri(String tenant) {
    return TENANT_BASE + encode(tenant);
  }

  /** Replaces everything the graph holds about the snapshot's twin with the snapshot. */
  public void update(TwinSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    List<Triple> triples = triples(snapshot);
    Node graph = uri(tenantGraphIri(snapshot.tenant()));
    Node twin = uri(twinIri(snapshot.thingId()));
    Txn.executeWrite(
        dataset,
        () -> {
          String previous = tenantOf.get(snapshot.thingId());
          if (previous != null && !previous.equals(snapshot.tenant())) {
            clear(uri(tenantGraphIri(previous)), twin);
          }
          clear(graph, twin);
          for (Triple t : triples) {
            dataset.add(graph, t.getSubject(), t.getPredicate(), t.getObject());
          }
          tenantOf.put(snapshot.thingId(), snapshot.tenant());
        });
  }

  /** Removes a twin (a deleted thing); unknown ids are ignored. */
  public void remove(String thingId) {
    Objects.requireNonNull(thingId, "thingId");
    Node twin = uri(twinIri(thingId));
    Txn.executeWrite(
        dataset,
        () -> {
          String tenant = tenantOf.remove(thingId);
          if (tenant != null) {
            clear(uri(tenantGraphIri(tenant)), twin);
          }
        });
  }

  /** How many twins the graph holds, over all tenants. */
  public int size() {
    return tenantOf.size();
  }

  /**
   * Runs a read-only query (SELECT or ASK) over the tenant's graph and the vocabulary.
   *
   * @param timeout how long the query may run (capped by the config; null: the default)
   * @param maxRows the most solutions to return (capped by the config; 0: the default); the result
   *     says whether there were more
   * @return SPARQL 1.1 JSON results
   * @throws SparqlException for a syntax error (with line and column), a request that is not a
   *     read-only SELECT or ASK, or a timeout
   */
  public SparqlResult query(String tenant, String sparql, Duration timeout, int maxRows) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(sparql, "sparql");
    Query query = parse(sparql);
    Duration limit = config.timeout(timeout);
    int rows = config.rows(maxRows);
    if (query.isSelectType() && (!query.hasLimit() || query.getLimit() > rows)) {
      query.setLimit(rows + 1L); // one more than allowed tells that the result was truncated
    }
    Node graph = uri(tenantGraphIri(tenant));
    return Txn.calculateRead(
        dataset,
        () -> {
          DatasetGraph view = view(graph);
          try (QueryExec exec =
              QueryExec.newBuilder()
                  .dataset(view)
                  .query(query)
                  .set(ARQ.httpServiceAllowed, false)
                  .timeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                  .build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ResultsWriter writer = ResultsWriter.create().lang(ResultSetLang.RS_JSON).build();
            if (query.isAskType()) {
              writer.write(out, exec.ask());
              return new SparqlResult(out.toString(StandardCharsets.UTF_8), 0, false);
            }
            RowSet rowSet = exec.select();
            List<Var> vars = rowSet.getResultVars();
            List<Binding> kept = new ArrayList<>();
            boolean truncated = false;
            while (rowSet.hasNext()) {
              Binding b = rowSet.next();
              if (kept.size() == rows) {
                truncated = true;
                break;
              }
              kept.add(b);
            }
            writer.write(out, RowSetStream.create(vars, kept.iterator()));
            return new SparqlResult(out.toString(StandardCharsets.UTF_8), kept.size(), truncated);
          } catch (QueryCancelledException e) {
            throw new SparqlException(
                SparqlException.Kind.TIMEOUT,
                "query cancelled after its timeout of " + limit.toMillis() + " ms");
          }
        });
  }

  private static Query parse(String sparql) {
    Query query;
    try {
      query = QueryFactory.create(sparql, Syntax.syntaxSPARQL_11);
    } catch (QueryParseException e) {
      if (isUpdate(sparql)) {
        throw new SparqlException(
            SparqlException.Kind.FORBIDDEN,
            "SPARQL Update is not allowed: the twin graph is read-only (use SELECT or ASK)");
      }
      throw new SparqlException(
          SparqlException.Kind.SYNTAX, e.getMessage(), e.getLine(), e.getColumn());
    }
    if (!query.isSelectType() && !query.isAskType()) {
      throw new SparqlException(
          SparqlException.Kind.FORBIDDEN,
          "only SELECT and ASK queries are answered, not " + query.queryType());
    }
    boolean[] service = {false};
    ElementWalker.walk(
        query.getQueryPattern(),
        new ElementVisitorBase() {
          @Override
          public void visit(ElementService el) {
            service[0] = true;
          }
        });
    if (service[0]) {
      throw new SparqlException(
          SparqlException.Kind.FORBIDDEN, "SERVICE (federated query) is not allowed");
    }
    return query;
  }

  private static boolean isUpdate(String sparql) {
    try {
      UpdateFactory.create(sparql);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The tenant's graph and the vocabulary, nothing else; the default graph is their union. */
  private DatasetGraph view(Node tenantGraph) {
    Set<Node> visible = Set.of(tenantGraph, vocabularyGraph);
    return new DatasetGraphFilteredView(dataset, q -> visible.contains(q.getGraph()), visible) {
      @Override
      public Graph getDefaultGraph() {
        return getUnionGraph();
      }
    };
  }

  /** Deletes the twin's statements and those of its observations from {@code graph}. */
  private void clear(Node graph, Node twin) {
    List<Node> observations = new ArrayList<>();
    dataset
        .find(graph, twin, TW_OBSERVATION, Node.ANY)
        .forEachRemaining(q -> observations.add(q.getObject()));
    for (Node o : observations) {
      dataset.deleteAny(graph, o, Node.ANY, Node.ANY);
    }
    dataset.deleteAny(graph, twin, Node.ANY, Node.ANY);
  }

  private List<Triple> triples(TwinSnapshot s) {
    List<Triple> out = new ArrayList<>();
    Node twin = uri(twinIri(s.thingId()));
    out.add(Triple.create(twin, TYPE, SAREF_DEVICE));
    out.add(Triple.create(twin, TYPE, SOSA_PLATFORM));
    Optional<String> type = Tw.expand(s.semanticType(), Map.of());
    if (type.isPresent()) {
      out.add(Triple.create(twin, TYPE, uri(type.get())));
      for (Node sup : superclasses.getOrDefault(type.get(), Set.of())) {
        out.add(Triple.create(twin, TYPE, sup));
      }
    }
    out.add(Triple.create(twin, TW_THING_ID, NodeFactory.createLiteralString(s.thingId())));
    if (!s.modelId().isEmpty()) {
      out.add(Triple.create(twin, TW_THING_MODEL, NodeFactory.createLiteralString(s.modelId())));
    }
    if (!s.securityState().isEmpty()) {
      out.add(Triple.create(twin, TW_SECURITY, NodeFactory.createLiteralString(s.securityState())));
    }
    TwinSnapshot.Relations r = s.relations();
    for (String id : r.partOf()) {
      out.add(Triple.create(twin, TW_PART_OF, thing(s.tenant(), id)));
    }
    for (String id : r.feeds()) {
      out.add(Triple.create(twin, TW_FEEDS, thing(s.tenant(), id)));
    }
    for (String id : r.hasSensor()) {
      Node sensor = thing(s.tenant(), id);
      out.add(Triple.create(twin, TW_HAS_SENSOR, sensor));
      out.add(Triple.create(twin, SOSA_HOSTS, sensor));
    }
    for (String place : r.locatedIn()) {
      out.add(Triple.create(twin, TW_LOCATED_IN, place(s, place, out)));
    }
    Node time = NodeFactory.createLiteralDT(s.modified().toString(), XSDDatatype.XSDdateTimeStamp);
    for (TwinSnapshot.Value v : s.values()) {
      Node obs = uri(twinIri(s.thingId()) + "/" + encode(v.featureId()) + "/" + encodePath(v));
      Node value = literal(v.value());
      Optional<String> property = Tw.expand(v.property(), Map.of());
      out.add(Triple.create(twin, TW_OBSERVATION, obs));
      out.add(Triple.create(obs, TYPE, SOSA_OBSERVATION));
      out.add(Triple.create(obs, SOSA_FOI, twin));
      out.add(Triple.create(obs, TW_FEATURE, NodeFactory.createLiteralString(v.featureId())));
      out.add(Triple.create(obs, TW_PATH, NodeFactory.createLiteralString(v.path())));
      out.add(Triple.create(obs, SOSA_RESULT, value));
      out.add(Triple.create(obs, SOSA_RESULT_TIME, time));
      Tw.expand(v.unit(), Map.of()).ifPresent(u -> out.add(Triple.create(obs, QUDT_UNIT, uri(u))));
      if (property.isPresent()) {
        Node p = uri(property.get());
        out.add(Triple.create(obs, SOSA_OBSERVED_PROPERTY, p));
        out.add(Triple.create(twin, p, value));
      }
    }
    return out;
  }

  /** A related twin: a thing id, or a bare name taken as a device of the same tenant. */
  private static Node thing(String tenant, String id) {
    return uri(twinIri(id.indexOf(':') > 0 ? id : tenant + ":" + id));
  }

  /**
   * A thing id ({@code ns:name}, no spaces) names a twin; anything else a place. A place's
   * statements are shared by every twin located there and never removed: a name is cheap and
   * harmless to keep.
   */
  private static Node place(TwinSnapshot s, String name, List<Triple> out) {
    if (name.matches("[^\\s:]+:\\S+")) {
      return uri(twinIri(name));
    }
    Node place = uri(LOCATION_BASE + encode(s.tenant()) + "/" + encode(name));
    out.add(Triple.create(place, TYPE, TW_LOCATION));
    out.add(Triple.create(place, LABEL, NodeFactory.createLiteralString(name)));
    return place;
  }

  private static Node literal(Object value) {
    if (value instanceof Boolean b) {
      return NodeFactory.createLiteralDT(b.toString(), XSDDatatype.XSDboolean);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NodeFactory.createLiteralDT(value.toString(), XSDDatatype.XSDinteger);
    }
    if (value instanceof Number n) {
      return NodeFactory.createLiteralDT(Double.toString(n.doubleValue()), XSDDatatype.XSDdouble);
    }
    return NodeFactory.createLiteralString(value.toString());
  }

  private static String encodePath(TwinSnapshot.Value v) {
    List<String> parts = new ArrayList<>();
    for (String segment : v.path().split("/")) {
      parts.add(encode(segment));
    }
    return String.join("/", parts);
  }

  /** Percent-encodes everything but unreserved characters and ':', so ids stay readable. */
  static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int ch = c & 0xff;
      if ((ch >= 'a' && ch <= 'z')
          || (ch >= 'A' && ch <= 'Z')
          || (ch >= '0' && ch <= '9')
          || ch == '-'
          || ch == '.'
          || ch == '_'
          || ch == '~'
          || ch == ':') {
        b.append((char) ch);
      } else {
        b.append('%').append(String.format("%02X", ch));
      }
    }
    return b.toString();
  }

  /** Per class, its superclasses (transitively) as the vocabulary declares them. */
  private static Map<String, Set<Node>> superclasses(Model vocabulary) {
    Map<String, Set<String>> direct = new HashMap<>();
    vocabulary
        .listStatements(null, RDFS.subClassOf, (org.apache.jena.rdf.model.RDFNode) null)
        .forEachRemaining(
            st -> {
              if (st.getSubject().isURIResource() && st.getObject().isURIResource()) {
                direct
                    .computeIfAbsent(st.getSubject().getURI(), k -> new HashSet<>())
                    .add(st.getResource().getURI());
              }
            });
    Map<String, Set<Node>> closure = new HashMap<>();
    for (String cls : direct.keySet()) {
      Set<String> seen = new HashSet<>();
      List<String> todo = new ArrayList<>(direct.get(cls));
      while (!todo.isEmpty()) {
        String next = todo.remove(todo.size() - 1);
        if (seen.add(next)) {
          todo.addAll(direct.getOrDefault(next, Set.of()));
        }
      }
      Set<Node> nodes = new HashSet<>();
      seen.forEach(iri -> nodes.add(uri(iri)));
      closure.put(cls, Set.copyOf(nodes));
    }
    return Map.copyOf(closure);
  }

  private static Node uri(String iri) {
    return NodeFactory.createURI(iri);
  }

  /** Statements in one tenant's graph, for tests and diagnostics. */
  long statements(String tenant) {
    Node graph = uri(tenantGraphIri(tenant));
    return Txn.calculateRead(
        dataset,
        () ->
            org.apache.jena.atlas.iterator.Iter.count(
                dataset.find(graph, Node.ANY, Node.ANY, Node.ANY)));
  }
}
