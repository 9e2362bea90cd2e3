/**
 * Rule packs: the bundled DRL files (resources next to this package, listed in {@code index.txt}),
 * the compiler that turns them, plus any from a configured folder, into one knowledge base, the
 * validator behind {@code twinwright validate}, and the cache that keeps compiled packs on disk so
 * that a restart reads them back instead of compiling them again.
 */
package io.twinwright.rules.packs;
