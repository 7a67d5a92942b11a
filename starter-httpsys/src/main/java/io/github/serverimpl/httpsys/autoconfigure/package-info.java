/**
 * Auto-configuration of the HTTP.sys server (Windows only), selected with
 * {@code server.impl=httpsys}.
 */
@NullMarked
package io.github.serverimpl.httpsys.autoconfigure;

import org.jspecify.annotations.NullMarked;
