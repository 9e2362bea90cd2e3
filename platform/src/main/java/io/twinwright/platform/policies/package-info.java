/** The durable store of the API's Ditto policies. */
package io.twinwright.platform.policies;
