/**
 * Shared by every module's tests: Netty's leak detector at the paranoid level, and a test class
 * that leaked a buffer fails; h2spec, for the HTTP/2 conformance suites; the service manager's end
 * of systemd's notification socket.
 */
@NullMarked
package io.github.serverimpl.testsupport;

import org.jspecify.annotations.NullMarked;
