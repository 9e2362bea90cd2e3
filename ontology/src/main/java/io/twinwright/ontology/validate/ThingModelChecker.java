package io.twinwright.ontology.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.ontology.ContentProblem;
import io.twinwright.ontology.vocab.CanonicalProperty;
import io.twinwright.ontology.vocab.Tw;
import io.twinwright.ontology.vocab.Vocabulary;
import io.twinwright.twin.model.ThingModel;
import io.twinwright.twin.model.ThingModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one Thing Model against the vocabulary and the loaded profiles: its semantic terms exist,
 * each property's unit is the canonical unit of its term, and some profile writes each property.
 */
public final class ThingModelChecker {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String THING_MODEL_TYPE = "tm:ThingModel";

  private final Vocabulary vocabulary;
  private final Set<String> mappedFeatures;

  /**
   * @param vocabulary the vocabulary models must use
   * @param mappedFeatures the feature ids some loaded profile writes to
   */
  public ThingModelChecker(Vocabulary vocabulary, Set<String> mappedFeatures) {
    this.vocabulary = vocabulary;
    this.mappedFeatures = Set.copyOf(mappedFeatures);
  }

  /** Every problem of the model in {@code file}; never throws for bad content. */
  public List<ContentProblem> check(Path file) {
    String source = file.toString();
    List<ContentProblem> problems = new ArrayList<>();
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (IOException e) {
      return List.of(new ContentProblem(source, -1, "cannot read: " + e.getMessage()));
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      return List.of(new ContentProblem(source, line, "not valid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return List.of(new ContentProblem(source, -1, "not valid JSON: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return List.of(new ContentProblem(source, 1, "a Thing Model is a JSON object"));
    }
    JsonLines lines = JsonLines.index(text);
    ThingModel model;
    try {
      model = ThingModelCatalog.parse(root, file.getFileName().toString());
    } catch (RuntimeException e) {
      return List.of(new ContentProblem(source, -1, "not a valid Thing Model: " + e.getMessage()));
    }
    Map<String, String> prefixes = prefixes(root.path("@context"));

    for (String type : types(root.path("@type"))) {
      if (!THING_MODEL_TYPE.equals(type)) {
        checkTerm(type, prefixes, true, source, lines.line("/@type"), problems);
      }
    }
    for (ThingModel.PropertySpec p : model.properties().values()) {
      String at = "/properties/" + JsonLines.escape(p.name());
      checkProperty(p, prefixes, source, lines, at, problems);
      if (!mappedFeatures.contains(p.name())) {
        problems.add(
            new ContentProblem(
                source,
                lines.line(at),
                "property '"
                    + p.name()
                    + "' of "
                    + model.id()
                    + " has no profile mapping: no vendor profile writes feature '"
                    + p.name()
                    + "'"));
      }
    }
    return problems;
  }

  private void checkProperty(
      ThingModel.PropertySpec p,
      Map<String, String> prefixes,
      String source,
      JsonLines lines,
      String at,
      List<ContentProblem> problems) {
    if (p.semanticType().isEmpty()) {
      return; // not annotated: nothing to compare the unit with
    }
    Optional<String> term =
        checkTerm(p.semanticType(), prefixes, false, source, lines.line(at + "/@type"), problems);
    if (term.isEmpty()) {
      return;
    }
    Optional<CanonicalProperty> canonical = vocabulary.property(term.get());
    if (canonical.isEmpty()) {
      if (vocabulary.defines(term.get()) || !term.get().startsWith(Tw.NS)) {
        problems.add(
            new ContentProblem(
                source,
                lines.line(at + "/@type"),
                "property '"
                    + p.name()
                    + "': "
                    + p.semanticType()
                    + " is not a canonical property of the vocabulary"));
      }
      return;
    }
    String expected = canonical.get().unit().iri();
    long unitLine = lines.line(at + "/unit");
    if (p.unit().isEmpty()) {
      problems.add(
          new ContentProblem(
              source,
              unitLine,
              "property '"
                  + p.name()
                  + "' declares no unit; "
                  + p.semanticType()
                  + " is stored in "
                  + Tw.shortForm(expected)));
      return;
    }
    Optional<String> unit = Tw.expand(p.unit(), prefixes);
    if (unit.isEmpty() || vocabulary.unit(unit.get()).isEmpty()) {
      problems.add(
          new ContentProblem(
              source,
              unitLine,
              "property '"
                  + p.name()
                  + "': unknown unit "
                  + p.unit()
                  + " (not in the unit table)"));
    } else if (!unit.get().equals(expected)) {
      problems.add(
          new ContentProblem(
              source,
              unitLine,
              "property '"
                  + p.name()
                  + "': unit "
                  + p.unit()
                  + " differs from "
                  + Tw.shortForm(expected)
                  + ", the canonical unit of "
                  + p.semanticType()));
    }
  }

  /**
   * The expanded IRI of a term, or empty after reporting it: a term in the platform namespace must
   * be defined by the vocabulary; other namespaces (SAREF, SOSA, ...) are taken as they are.
   */
  private Optional<String> checkTerm(
      String term,
      Map<String, String> prefixes,
      boolean asClass,
      String source,
      long line,
      List<ContentProblem> problems) {
    Optional<String> iri = Tw.expand(term, prefixes);
    if (iri.isEmpty()) {
      problems.add(
          new ContentProblem(
              source, line, "unknown vocabulary term " + term + " (its prefix is not declared)"));
      return Optional.empty();
    }
    if (iri.get().startsWith(Tw.NS)
        && !(asClass ? vocabulary.isClass(iri.get()) : vocabulary.defines(iri.get()))) {
      problems.add(
          new ContentProblem(
              source,
              line,
              "unknown vocabulary term "
                  + term
                  + (asClass ? " (not a device class of the vocabulary)" : "")));
      return Optional.empty();
    }
    return iri;
  }

  private static List<String> types(JsonNode type) {
    List<String> out = new ArrayList<>();
    if (type.isTextual()) {
      out.add(type.textValue());
    } else if (type.isArray()) {
      type.forEach(t -> out.add(t.asText()));
    }
    return out;
  }

  /** Prefix → namespace from the JSON-LD context's objects (the WoT context IRI is skipped). */
  private static Map<String, String> prefixes(JsonNode context) {
    Map<String, String> prefixes = new HashMap<>();
    List<JsonNode> parts = new ArrayList<>();
    if (context.isArray()) {
      context.forEach(parts::add);
    } else {
      parts.add(context);
    }
    for (JsonNode part : parts) {
      if (part.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = part.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isTextual()) {
            prefixes.put(e.getKey(), e.getValue().textValue());
          }
        }
      }
    }
    return prefixes;
  }
}
