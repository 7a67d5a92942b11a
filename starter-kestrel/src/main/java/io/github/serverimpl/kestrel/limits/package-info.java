/**
 * Kestrel's limits and timeouts: the options with Kestrel's defaults ({@link KestrelLimits}), the
 * named reasons a connection or request is refused ({@link RejectionReason}), and the pipeline
 * handlers that enforce them on Reactor Netty (package-private).
 */
@NullMarked
package io.github.serverimpl.kestrel.limits;

import org.jspecify.annotations.NullMarked;
