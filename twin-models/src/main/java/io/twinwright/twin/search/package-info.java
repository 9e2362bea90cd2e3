/** RQL search over twins, evaluated with Ditto's RQL parser and thing predicates. */
package io.twinwright.twin.search;
