package io.github.serverimpl.webflux;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the largest request body an annotated WebFlux handler accepts, as ASP.NET Core's
 * {@code [RequestSizeLimit]}. It sets the request's {@link io.github.serverimpl.features.MaxRequestBodySizeFeature}
 * before the handler reads the body, so a larger body gets 413 from the server, whichever way the
 * handler reads it. On a method it wins over one on the class.
 *
 * @see DisableRequestSizeLimit
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequestSizeLimit {

	/**
	 * The largest request body, in bytes.
	 * @return the limit, 0 or more
	 */
	long bytes();

}
