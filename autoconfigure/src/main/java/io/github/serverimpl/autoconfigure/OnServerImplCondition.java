package io.github.serverimpl.autoconfigure;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The condition behind {@link ConditionalOnServerImpl} and the custom-server selection.
 */
class OnServerImplCondition extends SpringBootCondition {

	static final String PROPERTY = "server.impl";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnServerImpl.class);
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnServerImpl.class.getName());
		String wanted = ((String) attributes.get("value")).toLowerCase(Locale.ROOT);
		String selected = selected(context);
		if (selected == null) {
			return BuiltInServer.DEFAULT.equals(wanted) ? ConditionOutcome.match(message.because(PROPERTY
					+ " is not set and " + wanted + " is the default"))
					: ConditionOutcome.noMatch(message.because(PROPERTY + " is not set"));
		}
		return wanted.equals(selected) ? ConditionOutcome.match(message.because(PROPERTY + " is " + selected))
				: ConditionOutcome.noMatch(message.because(PROPERTY + " is " + selected));
	}

	static String selected(ConditionContext context) {
		String value = context.getEnvironment().getProperty(PROPERTY);
		return StringUtils.hasText(value) ? value.trim().toLowerCase(Locale.ROOT) : null;
	}

}
