package io.github.serverimpl.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code server.impl} names something that cannot serve a servlet application:
 * anything but Kestrel with its starter present. HTTP.sys and custom servers serve WebFlux
 * applications only.
 */
class OnServletIncapableServerImplCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("server.impl for a servlet application");
		String selected = OnServerImplCondition.selected(context);
		if (selected == null) {
			return ConditionOutcome.noMatch(message.because(OnServerImplCondition.PROPERTY + " is not set"));
		}
		if (BuiltInServer.KESTREL.serverName().equals(selected)
				&& BuiltInServer.KESTREL.isPresent(context.getClassLoader())) {
			return ConditionOutcome.noMatch(message.because("Kestrel is selected and present"));
		}
		return ConditionOutcome.match(message.because(OnServerImplCondition.PROPERTY + " is " + selected));
	}

}
