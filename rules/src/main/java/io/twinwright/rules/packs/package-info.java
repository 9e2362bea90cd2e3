/**
 * Rule packs: the bundled DRL files (resources next to this package) and the compiler that turns
 * them, plus any from a configured folder, into one knowledge base.
 */
package io.twinwright.rules.packs;
