/** The Thing Model catalog: WoT Thing Models that define twins, their units and alarm limits. */
package io.twinwright.twin.model;
