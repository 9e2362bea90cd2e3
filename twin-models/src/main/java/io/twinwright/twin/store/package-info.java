/** Durable twin storage: the MongoDB repository and the coalescing bulk writer in front of it. */
package io.twinwright.twin.store;
