package org.countyhub.profiles;

/**
 * Stable error codes for every message a user or operator can see ({@code HUB-0123: ...}), so that tests can
 * assert on them and operators can search for them. Each number is used once in the whole code base; a test
 * (ErrorCodesAreUniqueTest) checks that. Ranges: 1xxx server and REST, 2xxx feeds, 3xxx identity,
 * 4xxx recognition, 5xxx workflows.
 */
public final class HubMsg {

	private HubMsg() {}

	public static String code(int number) {
		return String.format("HUB-%04d: ", number);
	}
}
