package org.countyhub.server.console.signin;

import jakarta.servlet.http.HttpSession;

/** Where the console's sign-in starts, and how a session's console sign-in is dropped to be renewed. */
public final class ConsoleSignIn {

	public static final String START = ConsoleSignInConfig.SIGN_IN_START;

	private ConsoleSignIn() {}

	/** Drops the console's sign-in (not the authorization server's), so the next page signs in again. */
	public static void forget(HttpSession session) {
		session.removeAttribute(ConsoleSignInConfig.CONTEXT_KEY);
	}
}
