/**
 * A peer server for the benchmarks: the endpoints {@code GET /plaintext}, {@code GET /json} and
 * {@code POST /echo} that the demo app serves on Kestrel.
 */
@NullMarked
package io.github.serverimpl.benchmarks.webflux;

import org.jspecify.annotations.NullMarked;
