package org.countyhub.server.validation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one stored version of a feed's output against the guide, after the ACK: reads it back, validates it, and
 * when it does not conform tags the resource {@code failed-profile} (meta-add: no new version, found with
 * {@code _tag}) and logs HUB-1103 with its id, its source (unit and message control id) and where it fails. The
 * validator's own text stays at DEBUG in the log because it can quote a patient's data. A version that conforms
 * while the resource still carries the tag of an earlier one that did not has the tag taken off.
 */
final class StoredOutputCheck {

	private static final Logger log = LoggerFactory.getLogger(StoredOutputCheck.class);
	private static final String FAILED = "failed-profile";

	/** What became of one check. */
	enum Outcome {
		CONFORMS,
		NON_CONFORMING,
		/** expunged since it was written, or a non-conforming version of a resource deleted since: nothing to report */
		GONE
	}

	/**
	 * @param location  where the first error is (FHIRPath), for a non-conforming resource
	 * @param messageId the validator's message id of that error (e.g. the invariant's key)
	 * @param text      the validator's text of that error; may quote the resource's data
	 */
	record Verdict(Outcome outcome, String location, String messageId, String text) {

		static final Verdict CONFORMS = new Verdict(Outcome.CONFORMS, null, null, null);
		static final Verdict GONE = new Verdict(Outcome.GONE, null, null, null);
	}

	private final GuideConformance conformance;
	private final DaoRegistry daos;

	StoredOutputCheck(GuideConformance conformance, DaoRegistry daos) {
		this.conformance = conformance;
		this.daos = daos;
	}

	/** Whether resources of this type are checked at all. */
	boolean enforces(String resourceType) {
		return conformance.enforces(resourceType);
	}

	/** Whether the resource has been deleted (or expunged) since the version was written. */
	private static boolean deletedSince(IFhirResourceDao<?> dao, IdType id) {
		try {
			dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
			return false;
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return true;
		}
	}

	/** Validates one stored version (the version the id names, the current one when it names none). */
	Verdict judge(IdType id) {
		IFhirResourceDao<?> dao = daos.getResourceDao(id.getResourceType());
		IBaseResource resource;
		try {
			resource = dao.read(id, new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Verdict.GONE;
		}
		ValidationResult result = conformance.validate(resource);
		if (!GuideConformance.hasErrors(result)) {
			if (resource.getMeta().getTag(HubSystems.VALIDATION_TAG, FAILED) != null) {
				// an earlier version failed and this one, which carried its tag forward, conforms
				Meta tag = new Meta();
				tag.addTag().setSystem(HubSystems.VALIDATION_TAG).setCode(FAILED);
				try {
					GuideConformance.tagging(() -> dao.metaDeleteOperation(id.toUnqualifiedVersionless(), tag,
							new SystemRequestDetails()));
				} catch (ResourceNotFoundException | ResourceGoneException e) {
					// deleted since: no tag to take off
				}
			}
			return Verdict.CONFORMS;
		}
		if (deletedSince(dao, id)) {
			// the version is still readable, but a finding about a record the county has since deleted helps no one
			return Verdict.GONE;
		}
		Meta tag = new Meta();
		tag.addTag().setSystem(HubSystems.VALIDATION_TAG).setCode(FAILED);
		GuideConformance.tagging(() -> dao.metaAddOperation(id.toUnqualifiedVersionless(), tag, new SystemRequestDetails()));
		SingleValidationMessage first = result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.findFirst()
				.orElseThrow();
		log.warn("{}feed output {} (source {}) does not conform to the guide at {} [{}]; tagged failed-profile",
				HubMsg.code(1103), id.toUnqualifiedVersionless(), ((Resource) resource).getMeta().getSource(),
				first.getLocationString(), first.getMessageId());
		log.debug("{}: {}", id.toUnqualifiedVersionless(), first.getMessage());
		return new Verdict(Outcome.NON_CONFORMING, first.getLocationString(), first.getMessageId(), first.getMessage());
	}
}
