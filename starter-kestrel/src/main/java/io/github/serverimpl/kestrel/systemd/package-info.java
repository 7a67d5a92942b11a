/**
 * systemd integration: sockets handed over by socket activation ({@code LISTEN_FDS}) and the
 * service manager's notification socket ({@code NOTIFY_SOCKET}).
 */
@NullMarked
package io.github.serverimpl.kestrel.systemd;

import org.jspecify.annotations.NullMarked;
