package io.github.serverimpl.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code server.forwarded-headers.headers} names any header, or when
 * {@code server.forward-headers-strategy} is {@code native}.
 */
class OnForwardedHeadersCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("forwarded headers");
		Binder binder = Binder.get(context.getEnvironment());
		boolean headers = binder.bind("server.forwarded-headers.headers", Bindable.listOf(String.class))
			.map((list) -> !list.isEmpty())
			.orElse(false);
		if (headers) {
			return ConditionOutcome.match(message.because("server.forwarded-headers.headers is set"));
		}
		String strategy = context.getEnvironment().getProperty("server.forward-headers-strategy");
		if ("native".equalsIgnoreCase(strategy)) {
			return ConditionOutcome.match(message.because("server.forward-headers-strategy is native"));
		}
		return ConditionOutcome.noMatch(message.because("no forwarded headers are configured"));
	}

}
