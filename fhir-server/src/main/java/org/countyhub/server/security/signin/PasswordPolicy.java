package org.countyhub.server.security.signin;

import java.util.Locale;

/**
 * The passwords the hub stores for its users (等保 2.0 level 3 complexity): at least {@value #MIN_LENGTH}
 * characters, three of the four classes (lower case, upper case, digits, other characters), and not containing the
 * user name. The demo county's users are exempt: they exist only while the demo county is loaded
 * ({@link DemoSignIns}). A refusal names the rule, never the password.
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 10;

	private PasswordPolicy() {}

	static void check(String username, String password) {
		if (password == null || password.length() < MIN_LENGTH) {
			throw new IllegalArgumentException("the password of " + username + " must have at least " + MIN_LENGTH
					+ " characters");
		}
		boolean lower = password.chars().anyMatch(Character::isLowerCase);
		boolean upper = password.chars().anyMatch(Character::isUpperCase);
		boolean digit = password.chars().anyMatch(Character::isDigit);
		boolean other = password.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
		int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
		if (classes < 3) {
			throw new IllegalArgumentException("the password of " + username + " must mix three of: lower case,"
					+ " upper case, digits, other characters");
		}
		if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("the password of " + username + " must not contain the user name");
		}
	}
}
