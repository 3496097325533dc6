package org.countyhub.server.prescription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.util.ResourceUtil;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * 处方流转 + 前置审方 on every prescription written to the store (FHIR REST and the pharmacy order feed), in the
 * writer's transaction:
 * <ul>
 *   <li>before storage, an order ({@code intent order}, status active) of a unit whose type the review policy
 *       reviews is held ({@code on-hold}), unless the unit's clean prescriptions are auto-approved and the screening
 *       finds nothing;
 *   <li>before commit, the order is screened ({@link PrescriptionScreening}) and each finding stored as a
 *       DetectedIssue; a reviewed unit's order joins its prescription's review Task ({@link PrescriptionReviews});
 *   <li>an amended order (another drug or dosage) is screened again, its earlier findings cancelled, as are those
 *       of an order cancelled or stopped; an approved order amended afterwards is held and its prescription's
 *       review reopened, so what is dispensed is what the pharmacist saw;
 *   <li>a held order stays held whoever writes it (a HIS re-sending it active included): only the pre-review
 *       centre's decision ({@link PrescriptionReviewOperations}) releases it.
 * </ul>
 */
@Component
@Interceptor
@ConditionalOnProperty(prefix = "hub.prescriptions", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PrescriptionRule implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(PrescriptionRule.class);
	private static final String RELEASED = PrescriptionRule.class.getName() + ".released";
	private static final Set<MedicationRequestStatus> SCREENED = EnumSet.of(MedicationRequestStatus.ACTIVE,
			MedicationRequestStatus.ONHOLD);

	private final PrescriptionScreening screening;
	private final PersonMedications medications;
	private final DetectedIssues issues;
	private final PrescriptionReviews reviews;
	private final ReviewPolicy policy;
	private final WorkflowStore store;

	PrescriptionRule(PrescriptionScreening screening, PersonMedications medications, DetectedIssues issues,
			PrescriptionReviews reviews, ReviewPolicy policy, WorkflowStore store) {
		this.screening = screening;
		this.medications = medications;
		this.issues = issues;
		this.reviews = reviews;
		this.policy = policy;
		this.store = store;
	}

	/** Marks an order whose status the review itself changes (approval, a reopened prescription). */
	static void allowStatusChange(MedicationRequest order) {
		order.setUserData(RELEASED, Boolean.TRUE);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void beforeCreate(IBaseResource resource) {
		if (!(resource instanceof MedicationRequest order) || !isOrder(order)
				|| order.getStatus() != MedicationRequestStatus.ACTIVE) {
			return;
		}
		Patient patient = patientAtStorage(order);
		Optional<MemberUnit> unit = medications.unitOf(order, patient);
		if (unit.isEmpty() || !policy.reviews(unit.get())) {
			return;
		}
		boolean stored = patient != null && patient.getIdElement().hasIdPart()
				&& !patient.getIdElement().getIdPart().startsWith("urn:");
		if (policy.autoApproves(unit.get()) && stored && screening.screen(order).isEmpty()) {
			return;
		}
		order.setStatus(MedicationRequestStatus.ONHOLD);
		ResourceUtil.clearRawStringFromResource(order);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		if (previous instanceof MedicationRequest before && resource instanceof MedicationRequest order
				&& isOrder(order) && before.getStatus() == MedicationRequestStatus.ACTIVE
				&& order.getStatus() == MedicationRequestStatus.ACTIVE && amended(before, order)
				&& order.getUserData(RELEASED) == null && needsReview(order)) {
			// an approved prescription changed afterwards (another drug or dose) is reviewed again before dispensing
			order.setStatus(MedicationRequestStatus.ONHOLD);
			ResourceUtil.clearRawStringFromResource(order);
			log.info("{} amended after approval: held for review again",
					"MedicationRequest/" + before.getIdElement().getIdPart());
			return;
		}
		if (previous instanceof MedicationRequest before && resource instanceof MedicationRequest order
				&& before.getStatus() == MedicationRequestStatus.ONHOLD
				&& (order.getStatus() == MedicationRequestStatus.ACTIVE
						|| order.getStatus() == MedicationRequestStatus.COMPLETED)
				&& order.getUserData(RELEASED) == null) {
			order.setStatus(MedicationRequestStatus.ONHOLD);
			ResourceUtil.clearRawStringFromResource(order);
			log.info("{} stays on hold: only the pre-review centre's approval releases it",
					"MedicationRequest/" + before.getIdElement().getIdPart());
		}
	}

	/** Whether the policy reviews the order's unit and the order is not one its unit's clean orders skip. */
	private boolean needsReview(MedicationRequest order) {
		Patient patient = patientAtStorage(order);
		Optional<MemberUnit> unit = medications.unitOf(order, patient);
		if (unit.isEmpty() || !policy.reviews(unit.get())) {
			return false;
		}
		return !policy.autoApproves(unit.get()) || !screening.screen(order).isEmpty();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof MedicationRequest order && isOrder(order) && SCREENED.contains(order.getStatus())) {
			createdOrder(order);
		}
	}

	private void createdOrder(MedicationRequest order) {
		List<ScreeningHit> hits = screening.screen(order);
		issues.record(order, hits);
		Patient patient = store.read(Patient.class, order.getSubject().getReference());
		medications.unitOf(order, patient).filter(policy::reviews).ifPresent(unit ->
				reviews.opened(order, unit, order.getStatus() == MedicationRequestStatus.ONHOLD));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (!(previous instanceof MedicationRequest before) || !(resource instanceof MedicationRequest order)
				|| !isOrder(order)) {
			return;
		}
		String reference = "MedicationRequest/" + order.getIdElement().getIdPart();
		if (SCREENED.contains(order.getStatus()) && amended(before, order)) {
			issues.supersede(reference);
			issues.record(order, screening.screen(order));
			if (before.getStatus() == MedicationRequestStatus.ACTIVE
					&& order.getStatus() == MedicationRequestStatus.ONHOLD) {
				Patient patient = store.read(Patient.class, order.getSubject().getReference());
				medications.unitOf(order, patient).filter(policy::reviews)
						.ifPresent(unit -> reviews.opened(order, unit, true));
			}
		} else if (SCREENED.contains(before.getStatus()) && !SCREENED.contains(order.getStatus())) {
			// a cancelled or stopped order no longer matters
			issues.supersede(reference);
		}
	}

	private static boolean isOrder(MedicationRequest order) {
		return order.getIntent() == MedicationRequest.MedicationRequestIntent.ORDER && order.getSubject().hasReference();
	}

	private static boolean amended(MedicationRequest before, MedicationRequest after) {
		if (!before.getMedication().equalsDeep(after.getMedication())) {
			return true;
		}
		List<org.hl7.fhir.r4.model.Dosage> was = before.getDosageInstruction();
		List<org.hl7.fhir.r4.model.Dosage> now = after.getDosageInstruction();
		if (was.size() != now.size()) {
			return true;
		}
		for (int i = 0; i < was.size(); i++) {
			if (!was.get(i).equalsDeep(now.get(i))) {
				return true;
			}
		}
		return false;
	}

	/** The order's Patient: an entry of the same Bundle, or a stored one; null while neither. */
	private Patient patientAtStorage(MedicationRequest order) {
		Reference subject = order.getSubject();
		if (subject.getResource() instanceof Patient patient) {
			return patient;
		}
		return store.resolve(Patient.class, subject).orElse(null);
	}
}
