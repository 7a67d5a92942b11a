/**
 * Spring MVC support: {@code @RequestSizeLimit} and {@code @DisableRequestSizeLimit} (declared in
 * {@code io.github.serverimpl.webflux}, shared by both stacks) on MVC controllers.
 */
@NullMarked
package io.github.serverimpl.webmvc;

import org.jspecify.annotations.NullMarked;
