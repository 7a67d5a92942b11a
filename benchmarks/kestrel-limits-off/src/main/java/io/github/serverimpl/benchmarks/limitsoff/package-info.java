/**
 * Kestrel with its limits off, for the benchmark that measures what the limits cost.
 */
@NullMarked
package io.github.serverimpl.benchmarks.limitsoff;

import org.jspecify.annotations.NullMarked;
