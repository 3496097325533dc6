package org.countyhub.server.prescription;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.CdsResolutionStrategyEnum;
import ca.uhn.hapi.fhir.cdshooks.api.CdsService;
import ca.uhn.hapi.fhir.cdshooks.api.CdsServicePrefetch;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.countyhub.server.recognition.cds.HookContext;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Medication checks at ordering time (开方提醒): on {@code order-sign}, the draft MedicationRequests of the hook are
 * screened like a stored prescription ({@link PrescriptionScreening}: dose, duplicate therapy and interactions
 * with the person's active prescriptions at every unit, allergy, age, pregnancy) and each draft with findings gets
 * a card in Chinese naming the other unit's prescription, critical when a finding is of high severity, with the
 * suggestion to withdraw the draft. The Patient is prefetched by the client or read through the DAO.
 */
@Component
public class PrescriptionCdsServices {

	static final String PATIENT = HookContext.PATIENT;
	static final String SOURCE = "县域医共体前置审方（处方审核）";

	private final PrescriptionScreening screening;

	PrescriptionCdsServices(PrescriptionScreening screening) {
		this.screening = screening;
	}

	@CdsService(
			value = "prescription-order-sign",
			hook = "order-sign",
			title = "处方审核提醒（签署处方时）",
			description = "Before medication orders are signed: dose limits, duplicate therapy and interactions with the"
					+ " person's active prescriptions at every unit of the community, allergies and contraindications.",
			prefetch = {
				@CdsServicePrefetch(
						value = PATIENT,
						query = "Patient/{{context.patientId}}",
						source = CdsResolutionStrategyEnum.DAO)
			})
	public CdsServiceResponseJson orderSign(CdsServiceRequestJson request) {
		Patient patient = HookContext.patient(request);
		CdsServiceResponseJson response = new CdsServiceResponseJson();
		for (Map.Entry<MedicationRequest, List<ScreeningHit>> entry
				: screening.screenDrafts(patient, HookContext.draftOrders(request, MedicationRequest.class)).entrySet()) {
			if (!entry.getValue().isEmpty()) {
				response.addCard(card(entry.getKey(), entry.getValue()));
			}
		}
		return response;
	}

	private static CdsServiceResponseCardJson card(MedicationRequest draft, List<ScreeningHit> hits) {
		CdsServiceResponseCardJson card = new CdsServiceResponseCardJson();
		card.setUuid(UUID.randomUUID().toString());
		ScreeningHit first = hits.stream().filter(h -> "high".equals(h.severity())).findFirst().orElse(hits.get(0));
		card.setSummary(HookContext.summary(first.detail()));
		StringBuilder detail = new StringBuilder("| 类别 | 严重程度 | 说明 |\n|---|---|---|\n");
		for (ScreeningHit hit : hits) {
			detail.append("| ").append(hit.kind().display()).append(" | ").append(severity(hit.severity()))
					.append(" | ").append(hit.detail()).append(" |\n");
		}
		detail.append("\n签署后，乡镇卫生院、村卫生室的处方将由县域前置处方审核中心药师审核后方可调配。");
		card.setDetail(detail.toString());
		card.setIndicator(hits.stream().anyMatch(h -> "high".equals(h.severity())) ? CdsServiceIndicatorEnum.CRITICAL
				: CdsServiceIndicatorEnum.WARNING);
		card.setSource(new CdsServiceResponseCardSourceJson().setLabel(SOURCE));
		String name = draft.getMedicationCodeableConcept().hasText() ? draft.getMedicationCodeableConcept().getText()
				: draft.getMedicationCodeableConcept().getCodingFirstRep().getDisplay();
		CdsServiceResponseSuggestionJson withdraw = new CdsServiceResponseSuggestionJson()
				.setLabel("撤销本次“" + (name == null ? "药品" : name) + "”")
				.setUuid(UUID.randomUUID().toString());
		withdraw.addAction(new CdsServiceResponseSuggestionActionJson().setType("delete")
				.setDescription("撤销草稿处方 " + (draft.getIdElement().hasIdPart()
						? "MedicationRequest/" + draft.getIdElement().getIdPart() : ""))
				.setResource(draft));
		card.addSuggestion(withdraw);
		card.addSuggestion(new CdsServiceResponseSuggestionJson().setLabel("仍需开具（由审方药师审核）")
				.setUuid(UUID.randomUUID().toString()));
		return card;
	}

	private static String severity(String code) {
		return switch (code) {
			case "high" -> "高";
			case "moderate" -> "中";
			default -> "低";
		};
	}
}
