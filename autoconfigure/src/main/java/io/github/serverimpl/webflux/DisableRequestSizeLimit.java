package io.github.serverimpl.webflux;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lifts the request body size limit for an annotated WebFlux handler, as ASP.NET Core's
 * {@code [DisableRequestSizeLimit]}: the request's
 * {@link io.github.serverimpl.features.MaxRequestBodySizeFeature} is set to no limit before the
 * handler reads the body. On a method it wins over {@link RequestSizeLimit} on the class.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DisableRequestSizeLimit {

}
