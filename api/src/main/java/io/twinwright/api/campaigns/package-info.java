/** Routes of the firmware artifact registry and the campaigns API, with its event stream. */
package io.twinwright.api.campaigns;
