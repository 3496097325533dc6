package org.countyhub.server.recognition.results;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.FhirTime;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.rest.FhirOperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code GET [base]/Patient/{id}/$recognizable-results?code=GLU&code=<system>|<local code>&category=imaging}:
 * the ordering clinician's question "does this person already have a recognisable result for what I am about to
 * order?", answered across all units the person is known at. Returns a Parameters resource with one
 * {@code result} per (report or single Observation, item), newest first; see docs/recognition.md.
 */
@Component
class RecognisableResultsProvider implements FhirOperationProvider {

	private final RecognisableResults results;
	private final RecognitionCatalog catalog;
	private final Clock clock;

	RecognisableResultsProvider(RecognisableResults results, RecognitionCatalog catalog, Clock clock) {
		this.results = results;
		this.catalog = catalog;
		this.clock = clock;
	}

	@Operation(name = "$recognizable-results", idempotent = true, type = Patient.class)
	public Parameters recognisableResults(
			@IdParam IdType patientId,
			@OperationParam(name = "code", max = OperationParam.MAX_UNLIMITED) List<StringType> codes,
			@OperationParam(name = "category", max = OperationParam.MAX_UNLIMITED) List<CodeType> categories) {
		Set<CatalogueItem> items = new LinkedHashSet<>();
		if (codes != null) {
			for (StringType code : codes) {
				items.add(item(code.getValue()));
			}
		}
		if (categories != null) {
			for (CodeType category : categories) {
				List<CatalogueItem> inCategory = catalog.category(category.getValue());
				if (inCategory.isEmpty()) {
					throw new InvalidRequestException(HubMsg.code(4002) + "category '" + category.getValue()
							+ "' has no items in the recognition catalogue (" + HubSystems.RECOGNITION_CATEGORY + ")");
				}
				items.addAll(inCategory);
			}
		}
		java.time.Instant now = clock.instant();
		List<RecognisableResult> found = results.find(patientId.getIdPart(), items, now);
		Parameters out = new Parameters();
		out.addParameter().setName("evaluatedAt").setValue(new DateTimeType(Date.from(now)));
		for (RecognisableResult result : found) {
			Parameters.ParametersParameterComponent part = out.addParameter().setName("result");
			part.addPart().setName("item").setValue(result.item().coding());
			part.addPart().setName("report").setValue(new Reference(result.resultId()));
			part.addPart().setName("patient").setValue(new Reference(result.patientId()));
			if (result.unitId() != null) {
				part.addPart().setName("performer").setValue(new Reference(result.unitId()).setDisplay(result.unitName()));
			}
			part.addPart().setName("effective").setValue(FhirTime.dateTime(result.effective()));
			part.addPart().setName("validUntil").setValue(FhirTime.dateTime(result.validUntil()));
			if (result.scope() != null) {
				part.addPart().setName("scope").setValue(new CodeType(result.scope()));
			}
		}
		return out;
	}

	/** A catalogue code ({@code GLU}), or a coded item {@code system|code} mapped through the unit's code map. */
	private CatalogueItem item(String code) {
		if (code == null || code.isBlank()) {
			throw new InvalidRequestException(HubMsg.code(4001) + "code must not be empty");
		}
		int bar = code.lastIndexOf('|');
		Coding coding = bar < 0
				? new Coding(HubSystems.RECOGNITION_CATALOGUE, code.trim(), null)
				: new Coding(code.substring(0, bar), code.substring(bar + 1), null);
		return catalog.itemOf(coding).orElseThrow(() -> new InvalidRequestException(HubMsg.code(4001) + "code '"
				+ code + "' is not a recognition catalogue item, nor mapped to one by a unit's code map"));
	}
}
