package org.countyhub.server.publichealth;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.Date;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * What the reporting unit's 防保科 (role public-health-officer, acting for the card's unit) does with a card:
 * <ul>
 *   <li>{@code POST /fhir/QuestionnaireResponse/{id}/$confirm-report} [{@code response}: the card's fields as
 *       checked]: the draft becomes the confirmed card (completed), its Task completed at this time (报告及时率);
 *   <li>{@code $correct-report} with {@code response}: 订正 of a confirmed card, a new card (报卡类别 订正报告, same
 *       卡片编号) replacing it; the first is kept as amended and the Task follows the new one;
 *   <li>{@code $withdraw-report} with {@code reason}: 退卡, the card entered-in-error with its reason, the Task
 *       cancelled.
 * </ul>
 * The hub's own items (卡片编号, 报卡类别, 传染病类别, evidence) are never taken from the caller.
 */
@Component
class ReportCardOperations implements FhirOperationProvider {

	private final WorkflowStore store;
	private final ReportCards cards;
	private final ActingUnit units;
	private final NotifiableDiseaseCatalogue catalogue;
	private final Clock clock;

	ReportCardOperations(WorkflowStore store, ReportCards cards, ActingUnit units, NotifiableDiseaseCatalogue catalogue,
			Clock clock) {
		this.store = store;
		this.cards = cards;
		this.units = units;
		this.catalogue = catalogue;
		this.clock = clock;
	}

	@Operation(name = "$confirm-report", typeName = "QuestionnaireResponse")
	public QuestionnaireResponse confirm(@IdParam IdType id,
			@OperationParam(name = "response", min = 0, max = 1) QuestionnaireResponse edited, RequestDetails request) {
		Handled handled = handle(id, request, "confirming a report card");
		QuestionnaireResponse card = handled.card();
		if (card.getStatus() != QuestionnaireResponseStatus.INPROGRESS) {
			throw new ResourceVersionConflictException(HubMsg.code(5762) + "report card " + id.getIdPart() + " is "
					+ card.getStatus().toCode() + "; only a draft (in-progress) is confirmed");
		}
		if (edited != null) {
			takeFields(card, edited);
		}
		card.setStatus(QuestionnaireResponseStatus.COMPLETED);
		card.setAuthored(Date.from(clock.instant()));
		store.update(card, null);
		Task task = handled.task();
		task.setStatus(Task.TaskStatus.COMPLETED);
		task.getExecutionPeriod().setEnd(Date.from(clock.instant()));
		task.setLastModified(Date.from(clock.instant()));
		store.update(task, null);
		return card;
	}

	@Operation(name = "$correct-report", typeName = "QuestionnaireResponse")
	public QuestionnaireResponse correct(@IdParam IdType id,
			@OperationParam(name = "response", min = 1, max = 1) QuestionnaireResponse corrected,
			RequestDetails request) {
		if (corrected == null) {
			throw new InvalidRequestException(HubMsg.code(5764) + "a correction needs the corrected card as 'response'");
		}
		Handled handled = handle(id, request, "correcting a report card");
		QuestionnaireResponse first = handled.card();
		if (first.getStatus() != QuestionnaireResponseStatus.COMPLETED) {
			throw new ResourceVersionConflictException(HubMsg.code(5765) + "report card " + id.getIdPart() + " is "
					+ first.getStatus().toCode() + "; only a confirmed card (completed) is corrected");
		}
		QuestionnaireResponse next = first.copy();
		next.setId((String) null);
		next.setMeta(null);
		takeFields(next, corrected);
		ReportCardFields.set(next, ReportCardFields.REPORT_TYPE,
				new Coding(HubSystems.REPORT_CARD_TYPE, "correction", "订正报告"));
		ReportCardFields.set(next, ReportCardFields.REPLACES,
				new org.hl7.fhir.r4.model.Reference("QuestionnaireResponse/" + id.getIdPart()));
		next.setAuthored(Date.from(clock.instant()));
		String nextRef = "QuestionnaireResponse/" + store.create(next).getIdPart();
		next.setId(nextRef);
		first.setStatus(QuestionnaireResponseStatus.AMENDED);
		store.update(first, null);
		Task task = handled.task();
		task.setFocus(new org.hl7.fhir.r4.model.Reference(nextRef));
		ReportCardFields.coding(next, ReportCardFields.DISEASE).ifPresent(d -> task.setReasonCode(new CodeableConcept(d.copy())));
		task.setLastModified(Date.from(clock.instant()));
		store.update(task, null);
		return next;
	}

	@Operation(name = "$withdraw-report", typeName = "QuestionnaireResponse")
	public QuestionnaireResponse withdraw(@IdParam IdType id,
			@OperationParam(name = "reason", min = 1, max = 1) StringType reason, RequestDetails request) {
		if (reason == null || !reason.hasValue() || reason.getValue().isBlank()) {
			throw new InvalidRequestException(HubMsg.code(5763) + "退卡 needs a reason ('reason')");
		}
		Handled handled = handle(id, request, "withdrawing a report card");
		QuestionnaireResponse card = handled.card();
		if (card.getStatus() != QuestionnaireResponseStatus.INPROGRESS
				&& card.getStatus() != QuestionnaireResponseStatus.COMPLETED) {
			throw new ResourceVersionConflictException(HubMsg.code(5766) + "report card " + id.getIdPart() + " is "
					+ card.getStatus().toCode() + " and can no longer be withdrawn");
		}
		card.setStatus(QuestionnaireResponseStatus.ENTEREDINERROR);
		ReportCardFields.set(card, ReportCardFields.WITHDRAWAL_REASON, new StringType(reason.getValue().trim()));
		store.update(card, null);
		Task task = handled.task();
		task.setStatus(Task.TaskStatus.CANCELLED);
		task.setStatusReason(new CodeableConcept().setText(reason.getValue().trim()));
		task.setLastModified(Date.from(clock.instant()));
		store.update(task, null);
		return card;
	}

	private record Handled(QuestionnaireResponse card, Task task) {}

	/** The card, its Task, and the check that the caller acts for the card's unit. */
	private Handled handle(IdType id, RequestDetails request, String forWhat) {
		MemberUnit acting = units.require(request, forWhat);
		QuestionnaireResponse card = store.read(QuestionnaireResponse.class, id.getIdPart());
		if (!ReportCards.isCard(card)) {
			throw new UnprocessableEntityException(HubMsg.code(5760) + "QuestionnaireResponse/" + id.getIdPart()
					+ " is not a notifiable disease report card");
		}
		Task task = cards.taskOf("QuestionnaireResponse/" + id.getIdPart()).orElseThrow(() ->
				new UnprocessableEntityException(HubMsg.code(5767) + "report card " + id.getIdPart()
						+ " is not the current version of its card"));
		if (!acting.reference().equals(task.getOwner().getReference())) {
			throw new ForbiddenOperationException(HubMsg.code(5761) + "report card " + id.getIdPart() + " belongs to "
					+ task.getOwner().getReference() + "; " + ActingUnit.HEADER + " is " + acting.code());
		}
		card.setId(card.getIdElement().toVersionless());
		task.setId(task.getIdElement().toVersionless());
		return new Handled(card, task);
	}

	/** The caller's answers for the card's own fields; a disease must be one of the catalogue's. */
	private void takeFields(QuestionnaireResponse card, QuestionnaireResponse from) {
		for (QuestionnaireResponseItemComponent item : from.getItem()) {
			boolean cardField = ReportCardFields.CARD.stream().anyMatch(f -> f.linkId().equals(item.getLinkId()));
			if (!cardField || ReportCardFields.HUB_OWNED.contains(item.getLinkId())) {
				continue;
			}
			ReportCardFields.set(card, item.getLinkId(), item.hasAnswer() ? item.getAnswerFirstRep().getValue() : null);
		}
		ReportCardFields.coding(card, ReportCardFields.DISEASE).ifPresent(coding -> {
			NotifiableDisease disease = catalogue.disease(coding.getCode()).orElseThrow(() ->
					new UnprocessableEntityException(HubMsg.code(5768) + "disease '" + coding.getCode()
							+ "' is not in the notifiable disease catalogue"));
			ReportCardFields.set(card, ReportCardFields.DISEASE,
					new Coding(HubSystems.NOTIFIABLE_DISEASE, disease.code(), disease.name()));
			ReportCardFields.set(card, ReportCardFields.DISEASE_CLASS, new Coding(HubSystems.NOTIFIABLE_DISEASE_CLASS,
					disease.diseaseClass().code(), disease.diseaseClass().name()));
		});
	}
}
