package org.countyhub.server.console;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An operator (运维) keeps the feeds running and reads raw messages for that, which does not make them one of the
 * patient's carers: the patient pages (查找, 360 view, results) are refused to an operator who holds no clinical
 * role as well ("无权查看"), whatever the access rules would let their units see.
 */
@OnEmbeddedSignIn
@Configuration
class ClinicalRecordGate implements WebMvcConfigurer, HandlerInterceptor {

	/** Roles that treat patients and so may open their record in the console. */
	static final Set<String> CLINICAL = Set.of(Roles.CLINICIAN, Roles.READING_PHYSICIAN, Roles.REFERRAL_COORDINATOR,
			Roles.PHARMACIST, Roles.PUBLIC_HEALTH_OFFICER);

	private final ConsoleUsers users;

	ClinicalRecordGate(ConsoleUsers users) {
		this.users = users;
	}

	/** An operator without a clinical role. */
	static boolean operatorOnly(List<String> roles) {
		return roles.contains(Roles.OPERATOR) && roles.stream().noneMatch(CLINICAL::contains);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/console/patients", "/console/patients/**",
				"/console/results/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (users.current(request.getSession(false)).map(user -> operatorOnly(user.roles())).orElse(false)) {
			throw new ForbiddenOperationException(HubMsg.code(2062)
					+ "an operator sees no patient record unless they also hold a clinical role");
		}
		return true;
	}
}
