package org.countyhub.feeds.unit;

import org.countyhub.county.MemberUnit;
import org.countyhub.county.UnitFeed;

/** A member unit as its feeds see it: who it is, its feed settings and its code tables. */
public record FeedUnit(MemberUnit unit, UnitTables tables) {

	public UnitFeed feed() {
		return unit.feed();
	}

	public String code() {
		return unit.code();
	}

	/** The Organization reference of the unit (performer, service provider, managing organization). */
	public String reference() {
		return unit.reference();
	}
}
