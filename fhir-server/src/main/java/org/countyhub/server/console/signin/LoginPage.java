package org.countyhub.server.console.signin;

import jakarta.servlet.http.HttpSession;
import org.countyhub.server.security.signin.AuthorizationServerConfig;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The embedded authorization server's login page (登录), in Chinese. Spring Security's form login processes the
 * POST (fields {@code username}, {@code password}, {@code _csrf}); a failed attempt comes back with {@code ?error}
 * and keeps the typed user name.
 */
@OnEmbeddedSignIn
@Controller
class LoginPage {

	@GetMapping("/login")
	String login(@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "logout", required = false) String logout, HttpSession session, Model model) {
		model.addAttribute("failed", error != null);
		Object typed = session.getAttribute(AuthorizationServerConfig.LAST_USERNAME);
		model.addAttribute("username", error != null && typed != null ? typed.toString() : "");
		model.addAttribute("signedOut", logout != null);
		return "console/login";
	}

	/** Where the console sends people after 退出 (and after a sign-in that failed). */
	@GetMapping("/console/signed-out")
	String signedOut(@RequestParam(name = "error", required = false) String error, Model model) {
		model.addAttribute("failed", error != null);
		return "console/signed-out";
	}
}
