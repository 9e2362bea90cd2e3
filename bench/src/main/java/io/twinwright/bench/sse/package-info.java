/**
 * The twin change stream as the generator reads it: server-sent event framing, decoding of the
 * Ditto-shaped twin JSON into the one value the generator cares about, and the HTTP connection(s)
 * that carry the stream.
 */
package io.twinwright.bench.sse;
