package org.countyhub.server.prescription;

/**
 * One screening finding for an order: what kind, how severe, which formulary rule fired, what a pharmacist or
 * prescriber reads (Chinese), and the other prescription involved (another drug of the person, at this or another
 * unit) when there is one.
 *
 * @param otherOrder    the other MedicationRequest ({@code MedicationRequest/123}), or null
 * @param otherUnitName the other prescription's unit, or null
 * @param evidence      the record the finding rests on besides an order (the AllergyIntolerance), or null
 */
record ScreeningHit(Kind kind, String severity, String rule, String detail, String otherOrder,
		String otherUnitName, String evidence) {

	/** The finding kinds, with their v3 ActCode detected issue codes. */
	enum Kind {
		DOSE("DOSEH", "剂量超限"),
		CHILD_DOSE("DOSEHINDA", "儿童剂量超限"),
		DUPLICATE("DUPTHPY", "重复用药"),
		INTERACTION("DRG", "药物相互作用"),
		ALLERGY("ALGY", "过敏"),
		AGE("AGE", "年龄禁忌"),
		PREGNANCY("PREG", "妊娠禁忌");

		private final String actCode;
		private final String display;

		Kind(String actCode, String display) {
			this.actCode = actCode;
			this.display = display;
		}

		String actCode() {
			return actCode;
		}

		String display() {
			return display;
		}

		/** The {@code prescription-return-reason} code a pharmacist returning for this finding would use. */
		String returnReason() {
			return switch (this) {
				case DOSE, CHILD_DOSE -> "dose";
				case DUPLICATE -> "duplicate";
				case INTERACTION -> "interaction";
				case ALLERGY -> "allergy";
				case AGE, PREGNANCY -> "contraindication";
			};
		}
	}
}
