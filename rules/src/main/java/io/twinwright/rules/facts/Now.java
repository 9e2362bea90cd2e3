package io.twinwright.rules.facts;

/**
 * The session clock as a fact, advanced on every tick, so that rules about elapsed time (a silent
 * device) re-evaluate without any traffic.
 *
 * @param millis the session clock's current time, epoch milliseconds
 */
public record Now(long millis) {}
