package org.countyhub.server.feeds;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HL7 v2 feeds' settings ({@code hub.mllp.*}).
 *
 * @param enabled        run the MLLP listener in this process
 * @param host           address to listen on
 * @param port           the one port every member unit sends to; 0 = any free port (tests)
 * @param maxConcurrent  messages processed at once (one per busy connection); more connections may be open
 * @param spoolDir       where messages wait while the database is down; empty = {@code <hub.data-dir>/feed-spool}
 * @param retryInterval  how often waiting messages (spooled, PENDING) are retried
 * @param stuckAfter     the lease a worker holds on the journal entry it processes; renewed every third of it while
 *                       the worker lives, so a message is retried (or taken over by another hub on the database) only
 *                       when its worker stopped mid-way, never while it is still being processed; also the lease on
 *                       an operator's replay job ({@code operations/ReplayJobs}), taken over by another instance on
 *                       the same terms
 * @param application    MSH-3 of the hub's ACKs
 * @param maxFrame       the longest MLLP frame the listener keeps and processes; a longer one is read past without
 *                       being held, answered AR (HUB-2201) and not kept
 * @param idleTimeout    a connection on which nothing arrives for this long (between messages or half-way through
 *                       a frame) is closed, unless it waits for the hub's answer
 */
@ConfigurationProperties(prefix = "hub.mllp")
public record MllpProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("0.0.0.0") String host,
		@DefaultValue("2575") int port,
		@DefaultValue("32") int maxConcurrent,
		@DefaultValue("") String spoolDir,
		@DefaultValue("10s") Duration retryInterval,
		@DefaultValue("2m") Duration stuckAfter,
		@DefaultValue("COUNTYHUB") String application,
		@DefaultValue("10MB") DataSize maxFrame,
		@DefaultValue("5m") Duration idleTimeout) {

	public MllpProperties {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("hub.mllp.port must be 0..65535, was " + port);
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("hub.mllp.max-concurrent must be >= 1");
		}
		if (stuckAfter.toMillis() < 300) {
			throw new IllegalArgumentException("hub.mllp.stuck-after must be at least 300ms, was " + stuckAfter);
		}
		if (retryInterval.isNegative() || retryInterval.isZero()) {
			throw new IllegalArgumentException("hub.mllp.retry-interval must be positive");
		}
		if (maxFrame.toBytes() < 1024 || maxFrame.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("hub.mllp.max-frame must be 1KB..2GB, was " + maxFrame);
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("hub.mllp.idle-timeout must be positive, was " + idleTimeout);
		}
	}
}
