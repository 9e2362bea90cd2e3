/**
 * Operator routes for work orders: {@code /api/2/workorders} (list), lookup and {@code done}, each
 * with the state of its webhook export. Internal to the API module.
 */
package io.twinwright.api.workorders;
