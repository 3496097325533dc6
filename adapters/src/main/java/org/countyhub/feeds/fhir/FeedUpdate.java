package org.countyhub.feeds.fhir;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.StringType;

/**
 * What a message that updates a record the hub already holds says beyond the values it carries, following HL7 v2's
 * null semantics (v2 chapter 2): an element the message does not carry is kept as stored; an element sent as
 * {@code ""} is {@link #erase erased}; an element the translator only had a default for (e.g. gender
 * {@code unknown} for an empty PID-8) {@link #fillOnly fills} a record that lacks it and changes nothing else.
 * The time the message was made from ({@code messageTime}, EVN-2 else MSH-7) and the unit's clock-skew tolerance
 * let the server tell a late message from a new one.
 *
 * <p>Element names are the FHIR element names of the resource; a list element may be named with a part,
 * {@code telecom:home}, {@code telecom:work}; a part of a period as {@code period.start}, {@code period.end}.
 *
 * <p>It travels to the server on the transaction entry's {@code request} as an extension, which the server reads
 * and removes before the transaction runs (nothing of it is stored).
 */
public final class FeedUpdate {

	/** Extension on {@code Bundle.entry.request}: never stored. */
	public static final String URL = HubSystems.CANONICAL_BASE + "/StructureDefinition/feed-update";

	private final Identifier key;
	private final Instant messageTime;
	private final Duration clockSkew;
	private final Set<String> erased = new LinkedHashSet<>();
	private final Set<String> fillOnly = new LinkedHashSet<>();

	public FeedUpdate(Identifier key, Instant messageTime, Duration clockSkew) {
		this.key = key;
		this.messageTime = messageTime;
		this.clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
	}

	/** The message said {@code ""}: delete the stored element (or part). */
	public FeedUpdate erase(String element) {
		erased.add(element);
		return this;
	}

	/** The translator's value is a default, not what the message said: only fill a record that lacks it. */
	public FeedUpdate fillOnly(String element) {
		fillOnly.add(element);
		return this;
	}

	/** The business identifier the stored record is found by. */
	public Identifier key() {
		return key;
	}

	/** When the message says it was made; null when it says nothing usable. */
	public Instant messageTime() {
		return messageTime;
	}

	public Duration clockSkew() {
		return clockSkew;
	}

	public Set<String> erased() {
		return Collections.unmodifiableSet(erased);
	}

	public Set<String> fillOnly() {
		return Collections.unmodifiableSet(fillOnly);
	}

	void writeTo(Bundle.BundleEntryRequestComponent request) {
		Extension ext = request.addExtension().setUrl(URL);
		ext.addExtension("key", key.copy());
		if (messageTime != null) {
			ext.addExtension("message-time", new InstantType(Date.from(messageTime)));
		}
		ext.addExtension("clock-skew", new StringType(clockSkew.toString()));
		erased.forEach(e -> ext.addExtension("erase", new StringType(e)));
		fillOnly.forEach(e -> ext.addExtension("fill-only", new StringType(e)));
	}

	/** Reads the update an entry carries and removes it from the entry; empty for a plain write. */
	public static Optional<FeedUpdate> takeFrom(Bundle.BundleEntryRequestComponent request) {
		Extension ext = request.getExtensionByUrl(URL);
		if (ext == null) {
			return Optional.empty();
		}
		request.removeExtension(URL);
		Identifier key = (Identifier) ext.getExtensionByUrl("key").getValue();
		Extension time = ext.getExtensionByUrl("message-time");
		Instant messageTime = time == null ? null : ((InstantType) time.getValue()).getValue().toInstant();
		Duration skew = Duration.parse(ext.getExtensionByUrl("clock-skew").getValue().primitiveValue());
		FeedUpdate update = new FeedUpdate(key, messageTime, skew);
		ext.getExtensionsByUrl("erase").forEach(e -> update.erase(e.getValue().primitiveValue()));
		ext.getExtensionsByUrl("fill-only").forEach(e -> update.fillOnly(e.getValue().primitiveValue()));
		return Optional.of(update);
	}
}
