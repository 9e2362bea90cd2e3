/**
 * Desired state: how a twin's declared target ({@code features/<f>/desiredProperties}) differs from
 * what its device last reported ({@code features/<f>/properties}), as a pure function over a Ditto
 * thing.
 */
package io.twinwright.twin.desired;
