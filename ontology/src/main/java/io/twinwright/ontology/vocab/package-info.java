/**
 * The platform vocabulary as Java values: canonical properties, the unit table and the linear
 * conversions between units, read from the bundled {@code twinwright.ttl} and {@code units.ttl}.
 * Also the Turtle reader that turns syntax errors into {@link
 * io.twinwright.ontology.ProfileException}s with file and line.
 */
package io.twinwright.ontology.vocab;
