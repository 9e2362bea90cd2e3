/**
 * What a bench device sends and how a twin update is traced back to it: the {@code nordlys-ens2}
 * temperature payload, whose value is unique per device within a window so that the twin value seen
 * over SSE identifies the publish that caused it.
 */
package io.twinwright.bench.payload;
