/**
 * Auto-configuration of Kestrel: {@code server.kestrel.*} properties, the web server factory,
 * and the management server on a separate port.
 */
@NullMarked
package io.github.serverimpl.kestrel.autoconfigure;

import org.jspecify.annotations.NullMarked;
