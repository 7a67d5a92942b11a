/**
 * The binding to the Windows HTTP Server API v2 ({@code httpapi.dll}) through JNA: the calls, the
 * structs named as in Win32, the handles as {@link java.lang.AutoCloseable} objects. Internal: not
 * API. Nothing outside this package sees a JNA {@code Pointer} or {@code Structure}.
 */
@NullMarked
package io.github.serverimpl.httpsys.nativeapi;

import org.jspecify.annotations.NullMarked;
