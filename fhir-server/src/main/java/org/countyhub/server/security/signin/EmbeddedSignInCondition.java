package org.countyhub.server.security.signin;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True while {@code hub.security.issuer-uri} is unset or blank: the hub signs its own tokens. Not
 * {@code @ConditionalOnProperty(havingValue = "")}, which matches every value but "false" and so left the embedded
 * authorization server answering beside a county's own provider.
 */
final class EmbeddedSignInCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !StringUtils.hasText(context.getEnvironment().getProperty("hub.security.issuer-uri"));
	}
}
