/** The platform's MongoDB connection: a real deployment or the embedded file-backed server. */
package io.twinwright.platform.store;
