package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.countyhub.server.console.signin.ConsoleSignIn;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a console page shows when the hub's API does not answer as hoped: a Chinese message, with a retry where
 * waiting may help, never a stack trace. An expired sign-in starts the sign-in again.
 */
@OnEmbeddedSignIn
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
class ConsoleErrors {

	private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

	@ExceptionHandler(HubFhir.SignInAgain.class)
	String signInAgain(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			ConsoleSignIn.forget(session);
		}
		return "redirect:" + ConsoleSignIn.START;
	}

	@ExceptionHandler(FhirClientConnectionException.class)
	ModelAndView unavailable(FhirClientConnectionException e, HttpServletRequest request) {
		log.warn("Console: the hub's API did not answer ({})", e.getClass().getSimpleName());
		return page(request, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "医共体平台暂时无法访问",
				"平台暂时没有响应，可能正在重启或网络中断。请稍后点击“重试”。", true);
	}

	@ExceptionHandler(BaseServerResponseException.class)
	ModelAndView refused(BaseServerResponseException e, HttpServletRequest request) {
		int status = e.getStatusCode();
		if (status == HttpServletResponse.SC_UNAUTHORIZED) {
			return new ModelAndView(signInAgain(request));
		}
		if (status == HttpServletResponse.SC_FORBIDDEN) {
			return page(request, status, "无权查看", "您的角色或所在单位无权查看该内容。", false);
		}
		if (status == HttpServletResponse.SC_NOT_FOUND || status == HttpServletResponse.SC_GONE) {
			return page(request, HttpServletResponse.SC_NOT_FOUND, "未找到", "未找到该记录，可能已被删除或编号有误。", false);
		}
		log.warn("Console: the hub's API answered {} to {}", status, request.getRequestURI());
		return page(request, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "医共体平台暂时无法完成请求",
				"平台返回了错误（" + status + "）。请稍后点击“重试”；如反复出现，请联系运维人员。", true);
	}

	@ExceptionHandler(ResponseStatusException.class)
	ModelAndView notFound(ResponseStatusException e, HttpServletRequest request) {
		return page(request, HttpServletResponse.SC_NOT_FOUND, "未找到", "未找到该页面或记录，请检查地址。", false);
	}

	/** Anything else: a Chinese page; the log names the failure's type and place, not its message (it may quote a query). */
	@ExceptionHandler(RuntimeException.class)
	ModelAndView failed(RuntimeException e, HttpServletRequest request) {
		StackTraceElement[] trace = e.getStackTrace();
		log.error("Console: {} at {} on {}", e.getClass().getName(), trace.length > 0 ? trace[0] : "?",
				request.getRequestURI());
		return page(request, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "系统出错",
				"处理请求时出错，请稍后点击“重试”；如反复出现，请联系运维人员。", true);
	}

	private static ModelAndView page(HttpServletRequest request, int status, String title, String message,
			boolean retry) {
		ModelAndView page = new ModelAndView("console/problem");
		page.setStatus(org.springframework.http.HttpStatus.valueOf(status));
		page.addObject("title", title);
		page.addObject("message", message);
		String query = request.getQueryString();
		page.addObject("retry", retry ? request.getRequestURI() + (query == null ? "" : "?" + query) : null);
		return page;
	}
}
