/**
 * The platform's own view of the run: {@code GET /health} snapshots, flattened to named numeric
 * counters so the report can show how far each moved while the generator was measuring.
 */
package io.twinwright.bench.health;
