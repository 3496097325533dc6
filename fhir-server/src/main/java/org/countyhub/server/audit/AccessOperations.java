package org.countyhub.server.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.access.AccessPolicy;
import org.countyhub.server.access.AccessRule;
import org.countyhub.server.access.BreakGlassGrants;
import org.countyhub.server.access.PersonAccess;
import org.countyhub.server.recognition.results.PersonRecords;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.workflow.ActingUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The operations of the 调阅 rules and the access records (docs/access.md):
 * <ul>
 *   <li>{@code POST Patient/{id}/$break-glass} (reason, text): 紧急调阅 by a clinical role for its acting unit,
 *       for the policy's hours, recorded with purpose of use ETREAT and listed for review;
 *   <li>{@code GET $break-glass-review} (medical-admin): the break-glass accesses and refusals of its units;
 *   <li>{@code GET Patient/$who-read-my-record?identifier=<ID card system>|<number>}: every access to the person's
 *       records across all units, for a unit that holds one of them;
 *   <li>{@code GET $audit-trail} (auditor): the latest access records; {@code GET $verify-audit-chain} (auditor):
 *       the SM3 chain walked from the first record.
 * </ul>
 */
@Component
class AccessOperations implements FhirOperationProvider {

	private final PersonAccess access;
	private final BreakGlassGrants grants;
	private final AuditTrail trail;
	private final AccessRecorder recorder;
	private final HubAuditEvents events;
	private final ActingUnit units;
	private final PersonRecords persons;
	private final DaoRegistry daos;
	private final Clock clock;

	AccessOperations(PersonAccess access, BreakGlassGrants grants, AuditTrail trail, AccessRecorder recorder,
			HubAuditEvents events, ActingUnit units, PersonRecords persons, DaoRegistry daos, Clock clock) {
		this.access = access;
		this.grants = grants;
		this.trail = trail;
		this.recorder = recorder;
		this.events = events;
		this.units = units;
		this.persons = persons;
		this.daos = daos;
		this.clock = clock;
	}

	@Operation(name = "$break-glass", typeName = "Patient")
	public Parameters breakGlass(@IdParam IdType id,
			@OperationParam(name = "reason", min = 1, max = 1) CodeType reason,
			@OperationParam(name = "text", min = 1, max = 1) StringType text, RequestDetails request) {
		HubCaller caller = HubCaller.current().orElseThrow(() -> new ForbiddenOperationException(HubMsg.code(5808)
				+ "break-glass needs a verified person"));
		if (caller.roles().stream().noneMatch(Roles.CLINICAL::contains)) {
			throw new ForbiddenOperationException(HubMsg.code(5808) + "break-glass needs one of the roles " + Roles.CLINICAL);
		}
		MemberUnit unit = units.require(request, "break-glass");
		AccessPolicy policy = access.policy();
		String code = reason == null ? null : reason.getValue();
		AccessPolicy.Label chosen = policy.breakGlassReasons().stream().filter(r -> r.code().equals(code)).findFirst()
				.orElseThrow(() -> new InvalidRequestException(HubMsg.code(5801) + "reason must be one of "
						+ policy.breakGlassReasons().stream().map(AccessPolicy.Label::code).toList()));
		if (text == null || text.getValue() == null || text.getValue().isBlank()) {
			throw new InvalidRequestException(HubMsg.code(5802) + "break-glass needs the reason in words ('text')");
		}
		String patient = "Patient/" + id.getIdPart();
		Patient record = (Patient) readPatient(patient);
		BreakGlassGrants.Grant grant = grants.open(caller.subject(), unit.code(), patient, chosen.code(),
				text.getValue().trim(), Duration.ofHours(policy.breakGlassHours()));
		AuditEvent event = events.event(request, HubAuditEvents.hubEvent("break-glass", "紧急调阅"),
				AuditEvent.AuditEventAction.E, patient, AuditEvent.AuditEventOutcome._0, chosen.code() + ": "
						+ text.getValue().trim());
		event.getPeriod().setStart(java.util.Date.from(grant.start())).setEnd(java.util.Date.from(grant.end()));
		recorder.record(event, AccessRule.BREAK_GLASS);
		Parameters answer = new Parameters();
		answer.addParameter("grant", grant.id());
		answer.addParameter().setName("patient").setValue(new StringType(patient));
		answer.addParameter().setName("unit").setValue(new StringType(unit.code()));
		answer.addParameter().setName("start").setValue(new DateTimeType(java.util.Date.from(grant.start())));
		answer.addParameter().setName("end").setValue(new DateTimeType(java.util.Date.from(grant.end())));
		answer.addParameter().setName("person-records").setValue(new IntegerType(
				persons.linkedPatients(record).size()));
		return answer;
	}

	@Operation(name = "$break-glass-review", idempotent = true)
	public Bundle breakGlassReview(@OperationParam(name = "_count", min = 0, max = 1) IntegerType count) {
		HubCaller caller = HubCaller.current().orElseThrow();
		if (caller.units().isEmpty()) {
			throw new ForbiddenOperationException(HubMsg.code(5803) + "the review list needs a token with the units"
					+ " the medical administration reviews");
		}
		int n = count == null ? 200 : count.getValue();
		Bundle bundle = collection();
		List<AuditTrail.Row> rows = new java.util.ArrayList<>(trail.latest(n, Optional.of(caller.units()),
				Optional.of("break-glass"), Optional.empty(), Optional.empty()));
		// refusals of people; a feed message a unit's system sent that was refused is the operators' (feeds console)
		rows.addAll(trail.latest(n, Optional.of(caller.units()), Optional.empty(), Optional.empty(), Optional.of("0"))
				.stream().filter(row -> !FeedIntakeAudit.ACTION.equals(row.action())).toList());
		rows.sort((a, b) -> Long.compare(b.seq(), a.seq()));
		rows.forEach(row -> bundle.addEntry().setResource(trail.event(row)));
		bundle.setTotal(rows.size());
		return bundle;
	}

	@Operation(name = "$who-read-my-record", typeName = "Patient", idempotent = true)
	public Bundle whoReadMyRecord(@OperationParam(name = "identifier", min = 1, max = 1) TokenParam identifier,
			RequestDetails request) {
		HubCaller caller = HubCaller.current().orElseThrow();
		if (identifier == null || !HubSystems.RESIDENT_ID_CARD.equals(identifier.getSystem())
				|| identifier.getValue() == null || identifier.getValue().isBlank()) {
			throw new InvalidRequestException(HubMsg.code(5804) + "identifier must be the resident ID card: "
					+ HubSystems.RESIDENT_ID_CARD + "|<number>");
		}
		SearchParameterMap query = SearchParameterMap.newSynchronous().add(Patient.SP_IDENTIFIER,
				new TokenParam(HubSystems.RESIDENT_ID_CARD, identifier.getValue().trim()));
		Set<String> records = new LinkedHashSet<>();
		boolean heldHere = false;
		for (IBaseResource found : daos.getResourceDao(Patient.class).search(query, new SystemRequestDetails())
				.getAllResources()) {
			Patient patient = (Patient) found;
			records.addAll(persons.linkedPatients(patient));
			heldHere |= access.unitOf(patient).map(u -> caller.units().contains(u.code())).orElse(false);
		}
		if (!heldHere) {
			throw new ForbiddenOperationException(HubMsg.code(5805) + "the list of accesses is given to a unit that"
					+ " holds a record of the person; none of the caller's units " + caller.units() + " does");
		}
		Bundle bundle = collection();
		for (AuditTrail.Row row : trail.aboutPatients(records)) {
			bundle.addEntry().setResource(trail.event(row));
		}
		bundle.setTotal(bundle.getEntry().size());
		for (String record : records) {
			recorder.record(events.event(request, HubAuditEvents.hubEvent("who-read-my-record", "调阅记录查询"),
					AuditEvent.AuditEventAction.R, record, AuditEvent.AuditEventOutcome._0, null), AccessRule.OWN_UNIT);
		}
		return bundle;
	}

	@Operation(name = "$audit-trail", idempotent = true)
	public Bundle auditTrail(@OperationParam(name = "_count", min = 0, max = 1) IntegerType count,
			@OperationParam(name = "unit", min = 0, max = 1) StringType unit) {
		int n = count == null ? 100 : count.getValue();
		Bundle bundle = collection();
		for (AuditTrail.Row row : trail.latest(n, unit == null ? Optional.empty() : Optional.of(List.of(unit.getValue())),
				Optional.empty(), Optional.empty(), Optional.empty())) {
			bundle.addEntry().setResource(trail.event(row));
		}
		bundle.setTotal(bundle.getEntry().size());
		return bundle;
	}

	@Operation(name = "$verify-audit-chain", idempotent = true)
	public Parameters verifyAuditChain() {
		AuditTrail.Verification verification = trail.verify();
		Parameters answer = new Parameters();
		answer.addParameter().setName("intact").setValue(new BooleanType(verification.intact()));
		answer.addParameter().setName("checked").setValue(new IntegerType((int) verification.checked()));
		if (!verification.intact()) {
			answer.addParameter().setName("brokenAt").setValue(new IntegerType(verification.brokenAt().intValue()));
			answer.addParameter().setName("problem").setValue(new StringType(verification.problem()));
		}
		answer.addParameter().setName("verified").setValue(new DateTimeType(java.util.Date.from(
				clock.instant().truncatedTo(ChronoUnit.SECONDS))));
		return answer;
	}

	private IBaseResource readPatient(String patient) {
		try {
			return daos.getResourceDao(Patient.class).read(new IdType(patient), new SystemRequestDetails());
		} catch (ResourceNotFoundException e) {
			throw new ResourceNotFoundException(HubMsg.code(5809) + patient + " is not known");
		}
	}

	private static Bundle collection() {
		Bundle bundle = new Bundle();
		bundle.setType(Bundle.BundleType.COLLECTION);
		return bundle;
	}
}
