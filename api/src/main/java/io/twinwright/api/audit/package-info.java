/** Operator route for the audit log of rule and operator actions. Internal to the API module. */
package io.twinwright.api.audit;
