package org.countyhub.server.console;

import java.time.Instant;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;

/**
 * The HR 互认 badge of a result: shown when the hub marked the result recognisable (its {@code recognition-status}
 * extension, docs/recognition.md) and the mark's 有效期至 has not passed.
 *
 * @param validUntil the end of the validity window as people read it; empty when there is no badge
 */
public record RecognitionBadge(boolean shown, String validUntil) {

	public static final RecognitionBadge NONE = new RecognitionBadge(false, "");

	public static RecognitionBadge of(DomainResource result, Instant now, ChineseFormats formats) {
		Extension status = result.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
		if (status == null) {
			return NONE;
		}
		Extension recognisable = status.getExtensionByUrl("recognisable");
		Extension until = status.getExtensionByUrl("validUntil");
		if (recognisable == null || !(recognisable.getValue() instanceof BooleanType yes) || !yes.booleanValue()
				|| until == null || !(until.getValue() instanceof DateTimeType end) || end.getValue() == null
				|| !end.getValue().toInstant().isAfter(now)) {
			return NONE;
		}
		return new RecognitionBadge(true, formats.when(end));
	}
}
