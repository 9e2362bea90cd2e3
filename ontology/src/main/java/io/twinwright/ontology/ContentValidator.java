package io.twinwright.ontology;

import io.twinwright.ontology.profile.CompiledProfile;
import io.twinwright.ontology.profile.FieldMapping;
import io.twinwright.ontology.profile.ProfileLoader;
import io.twinwright.ontology.validate.ThingModelChecker;
import io.twinwright.ontology.vocab.TurtleDocument;
import io.twinwright.ontology.vocab.TurtleReader;
import io.twinwright.ontology.vocab.Vocabulary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code twinwright validate <dir>} runs: checks a content folder's {@code vocab/*.ttl}
 * (optional extra vocabulary), {@code profiles/*.ttl} and {@code models/*.tm.jsonld} together and
 * reports every problem with its file and line. It does not stop at the first bad file.
 *
 * <p>Checked: Turtle syntax; vocabulary consistency; profile shapes, units, dimensions and binary
 * layouts; Thing Model terms that the vocabulary does not define; model units that differ from the
 * canonical unit of the property's term; model properties no vendor profile (bundled or in the
 * folder) writes.
 */
public final class ContentValidator {
  private static final String MODEL_SUFFIX = ".tm.jsonld";

  private ContentValidator() {}

  /** Validates {@code contentDir}; missing sub-folders are fine, a missing folder is a problem. */
  public static ContentReport validate(Path contentDir) {
    List<ContentProblem> problems = new ArrayList<>();
    if (!Files.isDirectory(contentDir)) {
      problems.add(new ContentProblem(contentDir.toString(), -1, "content folder does not exist"));
      return new ContentReport(0, problems);
    }
    int files = 0;

    // Vocabulary first: profiles and models are checked against it, so a broken extra vocabulary
    // falls back to the bundled one rather than hiding the other files' problems.
    Path vocabDir = contentDir.resolve("vocab");
    List<TurtleDocument> extras = new ArrayList<>();
    if (Files.isDirectory(vocabDir)) {
      for (Path file : ProfileLoader.turtleFiles(vocabDir, problems)) {
        files++;
        try {
          extras.add(TurtleReader.document(file));
        } catch (ProfileException e) {
          problems.addAll(e.problems());
        }
      }
    }
    Vocabulary vocabulary;
    try {
      vocabulary = Vocabulary.load(extras);
    } catch (ProfileException e) {
      problems.addAll(e.problems());
      vocabulary = Vocabulary.bundled();
    }

    Path profileDir = contentDir.resolve("profiles");
    Optional<Path> profiles = Optional.of(profileDir).filter(Files::isDirectory);
    if (profiles.isPresent()) {
      files += ProfileLoader.turtleFiles(profileDir, new ArrayList<>()).size();
    }
    ProfileLoader.Loaded loaded = new ProfileLoader(vocabulary).loadAll(profiles);
    problems.addAll(loaded.problems());
    Set<String> mapped = new HashSet<>();
    for (CompiledProfile p : loaded.profiles().values()) {
      for (FieldMapping f : p.fields()) {
        mapped.add(f.featureId());
      }
    }

    Path modelDir = contentDir.resolve("models");
    if (Files.isDirectory(modelDir)) {
      ThingModelChecker checker = new ThingModelChecker(vocabulary, mapped);
      for (Path file : modelFiles(modelDir, problems)) {
        files++;
        problems.addAll(checker.check(file));
      }
    }
    return new ContentReport(files, problems);
  }

  private static List<Path> modelFiles(Path dir, List<ContentProblem> problems) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + MODEL_SUFFIX)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      problems.add(new ContentProblem(dir.toString(), -1, "cannot list: " + e.getMessage()));
    }
    files.sort(null);
    return files;
  }
}
