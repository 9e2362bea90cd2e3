/**
 * Vendor normalisation: turns each device's raw payload into canonical twin properties.
 *
 * <p>The public surface is small: {@link io.twinwright.ontology.OntologyConfig} says where extra
 * vendor profiles live and how canonical values are rounded, {@link
 * io.twinwright.ontology.Normalizer#load} reads the platform vocabulary, unit table and vendor
 * profiles (Turtle), validates them and compiles them into flat lookup tables, and {@link
 * io.twinwright.ontology.Normalizer#normalize} maps one {@link io.twinwright.twin.DeviceMessage} to
 * a {@link io.twinwright.ontology.NormalizationResult}. Invalid content fails loading with a {@link
 * io.twinwright.ontology.ProfileException}; a bad payload is an expected outcome and comes back as
 * {@link io.twinwright.ontology.NormalizationResult.Rejected}.
 *
 * <p>{@link io.twinwright.ontology.ProfileCatalog} holds the normaliser in use and swaps in a
 * recompiled one on {@link io.twinwright.ontology.ProfileCatalog#reload()} when all content is
 * valid; {@link io.twinwright.ontology.ContentValidator} checks a content folder (vocabulary,
 * profiles, Thing Models) and lists every {@link io.twinwright.ontology.ContentProblem}. The twin
 * graph and its SPARQL endpoint are in {@code io.twinwright.ontology.graph}.
 *
 * <p>Jena types never leave this module, and nothing on the per-message path touches a Jena model.
 */
package io.twinwright.ontology;
