package org.countyhub.server.security.totp;

import jakarta.servlet.http.HttpSession;
import org.countyhub.server.security.lockout.SignInFailures;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page {@code /login/totp} (动态验证码) an admin sees after the password: a code from the authenticator app
 * resumes the authorization request; a wrong or reused code counts as a failed sign-in towards the lockout, and
 * once the account is locked the session is ended and the login page shown again.
 */
@Controller
@OnEmbeddedSignIn
class SecondFactorPage {

	private final TotpSecrets secrets;
	private final SignInFailures failures;
	private final ApplicationEventPublisher events;

	SecondFactorPage(TotpSecrets secrets, SignInFailures failures, ApplicationEventPublisher events) {
		this.secrets = secrets;
		this.failures = failures;
		this.events = events;
	}

	@GetMapping(SecondFactorGate.PAGE)
	String form(Authentication who, Model model) {
		model.addAttribute("username", who.getName());
		model.addAttribute("enrolled", secrets.enrolled(who.getName()));
		return "login-totp";
	}

	@PostMapping(SecondFactorGate.PAGE)
	String check(@RequestParam(defaultValue = "") String code, Authentication who, HttpSession session) {
		String user = who.getName();
		boolean accepted = !failures.locked(user) && secrets.accept(user, code);
		// recorded in the access records before the answer (docs/access.md)
		events.publishEvent(new SecondFactorChecked(user, accepted));
		if (accepted) {
			session.setAttribute(SecondFactorGate.PASSED, user);
			Object resume = session.getAttribute(SecondFactorGate.RESUME);
			session.removeAttribute(SecondFactorGate.RESUME);
			return "redirect:" + (resume == null ? SecondFactorGate.PAGE + "?done" : resume);
		}
		if (failures.refused(user)) {
			session.invalidate();
			SecurityContextHolder.clearContext();
			return "redirect:/login?error";
		}
		return "redirect:" + SecondFactorGate.PAGE + "?error";
	}
}
