package org.countyhub.server.validation;

/**
 * When the resources the feeds build from HL7 v2 messages are checked against the guide
 * ({@code hub.validation.feed-output}). REST writes are always checked as {@code hub.validation.<type>} says.
 */
public enum FeedOutputMode {
	/**
	 * Before commit, like any write: a message whose resources do not conform is answered AE with the reason and
	 * kept for replay. Costs about half the CPU of a lab message, on the ACK path.
	 */
	INLINE,
	/**
	 * The default. After the ACK, every version a feed message writes: it is put on a backlog in the message's own
	 * transaction and judged by a background checker that keeps to {@code hub.validation.feed-check-share} of a core
	 * while messages arrive and works at full pace when they stop. What does not conform is tagged
	 * {@code failed-profile}, logged (HUB-1103) and listed for operators ({@code /admin/feeds/checks}); the sender
	 * got AA. See {@link FeedOutputBacklog}.
	 */
	AFTER_ACK,
	/**
	 * After the ACK, for one message in {@code hub.validation.feed-sample-every}: resources that do not conform are
	 * tagged {@code failed-profile} and logged (HUB-1103). A unit's data-quality problem (an observation
	 * without its time) is then found by the operator instead of refused to the sender; the mappers'
	 * own output is held to the guide by the test suite.
	 */
	SAMPLED
}
