/**
 * The HTTP.sys web server (Windows only): {@link io.github.serverimpl.httpsys.HttpSysReactiveWebServerFactory}
 * and its options.
 */
@NullMarked
package io.github.serverimpl.httpsys;

import org.jspecify.annotations.NullMarked;
