package org.countyhub.server.console.operations;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The 运维 pages are the operator's: anyone else signed in to the console gets "无权查看". */
@OnEmbeddedSignIn
@Configuration
class OperatorPagesGate implements WebMvcConfigurer, HandlerInterceptor {

	private final ConsoleUsers users;

	OperatorPagesGate(ConsoleUsers users) {
		this.users = users;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/console/operations", "/console/operations/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!users.current(request.getSession(false)).map(u -> u.roles().contains(Roles.OPERATOR)).orElse(false)) {
			throw new ForbiddenOperationException(HubMsg.code(2063) + "the operations pages need the role "
					+ Roles.OPERATOR);
		}
		return true;
	}
}
