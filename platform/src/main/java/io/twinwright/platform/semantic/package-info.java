/** The semantic twin graph kept in step with the twins, and its per-tenant SPARQL endpoint. */
package io.twinwright.platform.semantic;
