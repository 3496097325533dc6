package org.countyhub.feeds.intake;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.countyhub.county.SourceBlock;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.unit.FeedUnit;

/**
 * MLLP has no sign-in, so a unit's feed is bound by where it comes from: a message whose MSH-4 names a unit is
 * applied only when the connection's remote address lies in one of that unit's {@code feed.sources}. Anything else
 * is refused with AR (HUB-2210), kept in the journal with the reason and counted. Messages an operator replays or
 * that come back from the spool have no connection and are not checked here: they were received earlier.
 */
public final class FeedSourceBinding {

	private final Consumer<String> refusedForUnit;
	private final boolean enforced;
	private final Map<String, List<SourceBlock>> blocksByUnit = new ConcurrentHashMap<>();

	/** @param refusedForUnit told the unit code of every refused message (a metric) */
	public FeedSourceBinding(Consumer<String> refusedForUnit) {
		this(refusedForUnit, true);
	}

	private FeedSourceBinding(Consumer<String> refusedForUnit, boolean enforced) {
		this.refusedForUnit = refusedForUnit;
		this.enforced = enforced;
	}

	/** No check at all: only for the security benchmark's "off" run ({@code hub.security.benchmark-off}). */
	public static FeedSourceBinding unchecked() {
		return new FeedSourceBinding(unit -> { }, false);
	}

	/**
	 * @param remote the connection's remote address; null for a message that came by no connection (replay, spool)
	 * @throws FeedException AR when the unit is not bound to that address
	 */
	public void check(FeedUnit unit, SocketAddress remote) {
		if (remote == null || !enforced) {
			return;
		}
		InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
		boolean bound = address != null
				&& blocksByUnit.computeIfAbsent(unit.code(), code -> unit.feed().sourceBlocks()).stream()
						.anyMatch(block -> block.contains(address));
		if (!bound) {
			refusedForUnit.accept(unit.code());
			String from = address == null ? String.valueOf(remote) : address.getHostAddress();
			throw new FeedException(FeedException.Ack.AR, 2210, "204", "unit " + unit.code()
					+ " (MSH-4) may not send from " + from + ": the address is not among the unit's feed.sources"
					+ " (its unit.yaml)");
		}
	}
}
