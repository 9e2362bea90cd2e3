/**
 * Checks of authored content that go beyond loading it: Thing Models against the vocabulary (known
 * terms, canonical units) and against the vendor profiles (every model property written by some
 * profile), with the line of each finding in the model's JSON.
 */
package io.twinwright.ontology.validate;
