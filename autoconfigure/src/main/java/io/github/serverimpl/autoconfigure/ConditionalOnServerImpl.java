package io.github.serverimpl.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code server.impl} selects the named implementation, or, for
 * {@link BuiltInServer#DEFAULT}, when {@code server.impl} is not set.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnServerImplCondition.class)
public @interface ConditionalOnServerImpl {

	/**
	 * The implementation name, for example {@code kestrel}.
	 * @return the name
	 */
	String value();

}
