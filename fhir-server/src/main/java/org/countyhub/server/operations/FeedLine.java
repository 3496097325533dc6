package org.countyhub.server.operations;

import org.countyhub.feeds.intake.FeedKind;

/**
 * The feed lines an operator watches (ADT / 医嘱 / 检验 / 影像 / 心电): the intake's {@link FeedKind} without the
 * distinction of medication orders, which arrive on the HIS order line like the others.
 */
public enum FeedLine {
	ADT("ADT"),
	ORDERS("医嘱"),
	LAB("检验"),
	IMAGING("影像"),
	ECG("心电"),
	/** a type the hub does not accept, or a message it could not read (answered AR) */
	OTHER("其他");

	private final String label;

	FeedLine(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	static FeedLine of(FeedKind kind) {
		return switch (kind) {
			case ADT -> ADT;
			case ORDER, PHARMACY -> ORDERS;
			case LAB -> LAB;
			case IMAGING -> IMAGING;
			case ECG -> ECG;
		};
	}

	/** By MSH-9 alone; null for results (ORU^R01), whose line the unit's applications and OBR-24 decide. */
	static FeedLine byType(String messageType) {
		String type = messageType == null ? "" : messageType;
		if (type.startsWith("ADT^")) {
			return ADT;
		}
		if (type.startsWith("ORM^") || type.startsWith("OMG^") || type.startsWith("OML^") || type.startsWith("RDE^")
				|| type.startsWith("OMP^")) {
			return ORDERS;
		}
		return type.startsWith("ORU^") ? null : OTHER;
	}
}
