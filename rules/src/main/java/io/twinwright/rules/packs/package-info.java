/**
 * Rule packs: the bundled DRL files (resources next to this package, listed in {@code index.txt}),
 * the compiler that turns them, plus any from a configured folder, into one knowledge base, and the
 * validator behind {@code twinwright validate}.
 */
package io.twinwright.rules.packs;
