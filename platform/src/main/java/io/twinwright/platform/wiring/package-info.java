/** Glue between the modules: the message pipeline, the rules' actions, and the API's ports. */
package io.twinwright.platform.wiring;
