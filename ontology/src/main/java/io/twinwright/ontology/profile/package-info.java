/**
 * Vendor profiles: reading them from the classpath and a profile directory, checking them against
 * the SHACL shapes, and compiling each into a {@link
 * io.twinwright.ontology.profile.CompiledProfile} whose field mappings carry one precomputed
 * multiply-add from raw number to canonical value.
 */
package io.twinwright.ontology.profile;
