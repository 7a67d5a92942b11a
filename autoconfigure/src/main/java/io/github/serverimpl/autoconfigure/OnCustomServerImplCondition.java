package io.github.serverimpl.autoconfigure;

import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code server.impl} names something other than a built-in server whose starter is
 * present: a custom server, or nothing available at all.
 */
class OnCustomServerImplCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("custom server.impl");
		String selected = OnServerImplCondition.selected(context);
		if (selected == null) {
			return ConditionOutcome.noMatch(message.because(OnServerImplCondition.PROPERTY + " is not set"));
		}
		Optional<BuiltInServer> builtIn = BuiltInServer.named(selected);
		if (builtIn.isPresent() && builtIn.get().isPresent(context.getClassLoader())) {
			return ConditionOutcome.noMatch(message.because(selected + " is a built-in server that is present"));
		}
		return ConditionOutcome.match(message.because(OnServerImplCondition.PROPERTY + " is " + selected));
	}

}
