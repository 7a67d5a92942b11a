/**
 * Auto-configuration of the server-neutral core: {@code server.impl} selection, the server
 * features as beans, custom servers, and the failure analysis of a selection that names nothing
 * available.
 */
@NullMarked
package io.github.serverimpl.autoconfigure;

import org.jspecify.annotations.NullMarked;
