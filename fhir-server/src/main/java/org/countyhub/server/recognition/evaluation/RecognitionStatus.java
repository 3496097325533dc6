package org.countyhub.server.recognition.evaluation;

import java.time.OffsetDateTime;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.FhirTime;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;

/**
 * The hub's judgement on one report or single Observation (互认状态), as written on it in the
 * {@link HubSystems#RECOGNITION_STATUS_EXTENSION} extension.
 *
 * @param recognisable whether at least one catalogue item of the report may be recognised
 * @param items        the items that may be recognised (when recognisable), else all catalogue items of the report
 * @param reasons      why not (or, for a recognisable report, why some of its items are not)
 * @param validUntil   end of the longest validity window among the recognisable items; null when none applies
 * @param scope        互认范围 (county, city, province)
 */
public record RecognitionStatus(
		boolean recognisable,
		List<CatalogueItem> items,
		List<Reason> reasons,
		OffsetDateTime validUntil,
		String scope) {

	/** A reason from the recognition-status-reason code system, with a sentence in Chinese. */
	public record Reason(StatusReason code, String text) {}

	/** Codes of {@link HubSystems#RECOGNITION_STATUS_REASON}. */
	public enum StatusReason {
		NOT_IN_CATALOGUE("not-in-catalogue", "不在互认目录"),
		NOT_FINAL("not-final", "报告未终审"),
		UNIT_NOT_QUALIFIED("unit-not-qualified", "机构未获该项目质控合格"),
		EXPIRED("expired", "超出互认时限");

		private final String code;
		private final String display;

		StatusReason(String code, String display) {
			this.code = code;
			this.display = display;
		}

		public String code() {
			return code;
		}

		public String display() {
			return display;
		}
	}

	/** Replaces any recognition-status extension on the report (or single Observation) by this one. */
	public void writeOn(DomainResource result) {
		removeFrom(result);
		result.addExtension(toExtension());
	}

	/** Removes the recognition-status extension, if any. */
	public static void removeFrom(DomainResource result) {
		result.getExtension().removeIf(e -> HubSystems.RECOGNITION_STATUS_EXTENSION.equals(e.getUrl()));
	}

	public Extension toExtension() {
		Extension ext = new Extension(HubSystems.RECOGNITION_STATUS_EXTENSION);
		ext.addExtension("recognisable", new BooleanType(recognisable));
		for (Reason reason : reasons) {
			ext.addExtension("reason", new CodeableConcept(
							new Coding(HubSystems.RECOGNITION_STATUS_REASON, reason.code().code(), reason.code().display()))
					.setText(reason.text()));
		}
		for (CatalogueItem item : items) {
			ext.addExtension("item", item.coding());
		}
		if (validUntil != null) {
			ext.addExtension("validUntil", FhirTime.dateTime(validUntil));
		}
		if (scope != null) {
			ext.addExtension("scope", new CodeType(scope));
		}
		return ext;
	}
}
