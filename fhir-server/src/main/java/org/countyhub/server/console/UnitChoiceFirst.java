package org.countyhub.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A person with several units chooses the acting one before any console page (单位切换). */
@OnEmbeddedSignIn
@Configuration
class UnitChoiceFirst implements WebMvcConfigurer, HandlerInterceptor {

	private final ConsoleUsers users;

	UnitChoiceFirst(ConsoleUsers users) {
		this.users = users;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/console/**")
				.excludePathPatterns("/console/unit", "/console/assets/**", "/console/signed-out", "/console/logout");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		boolean choose = users.current(request.getSession(false)).map(ConsoleUser::mustChooseUnit).orElse(false);
		if (choose) {
			response.sendRedirect(request.getContextPath() + "/console/unit");
			return false;
		}
		return true;
	}
}
