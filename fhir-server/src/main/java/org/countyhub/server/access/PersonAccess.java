package org.countyhub.server.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.mdm.util.MdmResourceUtil;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.recognition.results.PersonRecords;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.workflow.ActingUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.SupplyRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Decides whether a caller may see the records of one Patient (a member unit's record of a person), following the
 * county's {@link AccessPolicy}: own unit; else a running break-glass grant; else the person's deny Consent hides
 * it; else a permit Consent or a treating relationship shows it. The person is every Patient record linked to the
 * same resident (MDM links and the ID card, {@link PersonRecords}). Reads go through the hub's own (system)
 * requests, so they are not themselves subject to the rules.
 */
@Component
public class PersonAccess {

	/** Roles that see every record (and are audited like everyone). */
	static final Set<String> ADMIN_ROLES = Set.of(Roles.SYSTEM_ADMIN, Roles.DATA_STEWARD);

	/**
	 * Roles that see patients under the rules. Not the operator: running the feeds needs the raw messages (shown on
	 * the operations pages, each showing recorded), never the clinical record.
	 */
	static final Set<String> RULED_ROLES = Set.of(Roles.CLINICIAN, Roles.READING_PHYSICIAN,
			Roles.REFERRAL_COORDINATOR, Roles.PHARMACIST, Roles.UNIT_SYSTEM, Roles.PUBLIC_HEALTH_OFFICER);

	private static final Set<Encounter.EncounterStatus> CURRENT = Set.of(Encounter.EncounterStatus.INPROGRESS,
			Encounter.EncounterStatus.ARRIVED, Encounter.EncounterStatus.TRIAGED, Encounter.EncounterStatus.ONLEAVE);

	private static final List<String> OPEN_TASK = List.of("draft", "requested", "received", "accepted", "ready",
			"in-progress", "on-hold");

	private static final List<String> ACTIVE_ORDER = List.of("draft", "active", "on-hold");

	private final AccessPolicy policy;
	private final ActingUnit units;
	private final PersonRecords persons;
	private final BreakGlassGrants grants;
	private final DaoRegistry daos;
	private final Clock clock;
	private final List<String> allUnits;
	private final boolean enabled;
	private final RecentDecisions recent;

	PersonAccess(AccessPolicy policy, ActingUnit units, PersonRecords persons, BreakGlassGrants grants,
			DaoRegistry daos, Clock clock, CountyDirectory directory, AccessProperties properties,
			RecentDecisions recent) {
		this.recent = recent;
		this.enabled = properties.enabled();
		this.allUnits = directory.units().stream().map(MemberUnit::code).toList();
		this.policy = policy;
		this.units = units;
		this.persons = persons;
		this.grants = grants;
		this.daos = daos;
		this.clock = clock;
	}

	/** How the rules apply to a caller as a whole. */
	public enum Standing {
		/** sees every record (admin duties) */
		ALL,
		/** decided record by record */
		RULED,
		/** sees no patient record at all */
		NONE
	}

	/**
	 * ALL for the admin duties, and for a caller acting for every member unit of the county (everything is its
	 * own unit's, so there is nothing to decide); RULED for the other roles that see patients; NONE otherwise.
	 */
	public Standing standing(HubCaller caller) {
		if (caller.roles().stream().anyMatch(ADMIN_ROLES::contains)) {
			return Standing.ALL;
		}
		if (caller.roles().stream().noneMatch(RULED_ROLES::contains)) {
			return Standing.NONE;
		}
		return policy.ownUnit() && caller.units().containsAll(allUnits) ? Standing.ALL : Standing.RULED;
	}

	public AccessPolicy policy() {
		return policy;
	}

	/** The decision for this caller on the records of this Patient ({@code Patient/12}). */
	public AccessDecision decide(HubCaller caller, String patient) {
		return recent.decide(caller, patient, () -> decideNow(caller, patient));
	}

	private AccessDecision decideNow(HubCaller caller, String patient) {
		Standing standing = standing(caller);
		if (standing == Standing.ALL) {
			return new AccessDecision(AccessRule.ADMIN_ROLE, null, Set.of(), true);
		}
		if (standing == Standing.NONE) {
			return new AccessDecision(AccessRule.ROLE_SEES_NO_PATIENT, null, Set.of(), false);
		}
		Optional<Patient> record = readPatient(patient);
		if (record.isEmpty()) {
			// not readable by the hub itself (e.g. written earlier in the same transaction): nothing to decide by
			return new AccessDecision(AccessRule.NO_UNIT, null, Set.of(), true);
		}
		if (MdmResourceUtil.isGoldenRecord(record.get())) {
			// MDM's person record: no unit's, kept out of searches; the units' records behind it are decided each
			return new AccessDecision(AccessRule.NO_UNIT, null, Set.of(), true);
		}
		// a record naming no unit is no caller's own: the other rules decide it as they decide another unit's
		String unit = holder(record.get());
		if (unit != null && policy.ownUnit() && caller.units().contains(unit)) {
			return new AccessDecision(AccessRule.OWN_UNIT, unit, Set.of(), true);
		}
		Set<String> linked = persons.linkedPatients(record.get());
		if (grants.active(caller.subject(), linked)) {
			return new AccessDecision(AccessRule.BREAK_GLASS, unit, Set.of(), true);
		}
		List<MemberUnit> acting = caller.units().stream().map(units::ofCode).flatMap(Optional::stream).toList();
		if (acting.isEmpty()) {
			return new AccessDecision(AccessRule.NONE, unit, Set.of(), false);
		}
		ConsentFinding consent = policy.consent() ? consent(linked, acting) : ConsentFinding.NOTHING;
		if (consent.denied()) {
			return new AccessDecision(AccessRule.CONSENT_DENIED, unit, Set.of(), false);
		}
		if (consent.permitted()) {
			return new AccessDecision(AccessRule.CONSENT, unit, consent.labels(), false);
		}
		if (treats(linked, acting)) {
			return new AccessDecision(AccessRule.RELATIONSHIP, unit, Set.of(), false);
		}
		return new AccessDecision(AccessRule.NONE, unit, Set.of(), false);
	}

	/**
	 * True when the rules are on and keep this Patient's records from the caller; for answers built outside the
	 * FHIR endpoint (the CDS Hooks cards), which HAPI's consent machinery does not see.
	 */
	public boolean hides(HubCaller caller, String patient) {
		if (!enabled || standing(caller) == Standing.ALL) {
			return false;
		}
		return !decide(caller, patient).allows();
	}

	/** The member unit holding a Patient record (its managingOrganization). */
	public Optional<MemberUnit> unitOf(Patient patient) {
		Reference organization = patient.getManagingOrganization();
		if (organization == null || organization.getReferenceElement().getIdPart() == null) {
			return Optional.empty();
		}
		return units.ofOrganization("Organization/" + organization.getReferenceElement().getIdPart());
	}

	/**
	 * The code of the unit holding a Patient record: the declared member unit its managingOrganization names, else
	 * that Organization's id (a unit added through the API, whose tokens carry that id); null when it names none.
	 */
	private String holder(Patient patient) {
		Optional<MemberUnit> declared = unitOf(patient);
		if (declared.isPresent()) {
			return declared.get().code();
		}
		Reference organization = patient.getManagingOrganization();
		return organization != null && "Organization".equals(organization.getReferenceElement().getResourceType())
				? organization.getReferenceElement().getIdPart() : null;
	}

	/** The sensitive labels (codes) a resource carries in meta.security. */
	public Set<String> sensitiveLabels(IBaseResource resource) {
		Set<String> labels = new HashSet<>();
		if (resource instanceof org.hl7.fhir.r4.model.Resource r) {
			for (Coding security : r.getMeta().getSecurity()) {
				policy.sensitive(security).ifPresent(label -> labels.add(label.code()));
			}
		}
		return labels;
	}

	Optional<Patient> readPatient(String patient) {
		try {
			IFhirResourceDao<Patient> dao = daos.getResourceDao(Patient.class);
			return Optional.ofNullable(dao.read(new IdType(patient).toUnqualifiedVersionless(),
					new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	private boolean treats(Set<String> linked, List<MemberUnit> acting) {
		Instant since = clock.instant().minus(policy.relationshipDays(), ChronoUnit.DAYS);
		SearchParameterMap encounters = SearchParameterMap.newSynchronous()
				.add(Encounter.SP_PATIENT, references(linked))
				.add(Encounter.SP_SERVICE_PROVIDER, references(acting.stream().map(MemberUnit::reference).toList()));
		for (IBaseResource found : daos.getResourceDao(Encounter.class)
				.search(encounters, new SystemRequestDetails()).getAllResources()) {
			Encounter encounter = (Encounter) found;
			if (CURRENT.contains(encounter.getStatus())) {
				return true;
			}
			if (encounter.getStatus() == Encounter.EncounterStatus.FINISHED && endedSince(encounter.getPeriod(), since)) {
				return true;
			}
		}
		ReferenceOrListParam unitRefs = references(acting.stream().map(MemberUnit::reference).toList());
		for (String role : List.of(Task.SP_OWNER, Task.SP_REQUESTER)) {
			if (anyOf(Task.class, Task.SP_PATIENT, linked, role, unitRefs, Task.SP_STATUS, OPEN_TASK)) {
				return true;
			}
		}
		// the order behind a reading request or referral: its performer or requester, while it is active (a claimed
		// reading Task names the reader's PractitionerRole as owner, no longer the centre)
		for (String role : List.of(ServiceRequest.SP_PERFORMER, ServiceRequest.SP_REQUESTER)) {
			if (anyOf(ServiceRequest.class, ServiceRequest.SP_PATIENT, linked, role, unitRefs,
					ServiceRequest.SP_STATUS, ACTIVE_ORDER)) {
				return true;
			}
		}
		// a 缺药登记 the unit's central pharmacy supplies to the person, open or registered within the window
		// (delivering it completes it, and the pharmacy still answers for it)
		SearchParameterMap supplies = SearchParameterMap.newSynchronous()
				.add(SupplyRequest.SP_SUBJECT, references(linked))
				.add(SupplyRequest.SP_SUPPLIER, unitRefs)
				.add(SupplyRequest.SP_STATUS, new TokenOrListParam().add(new TokenParam("active"))
						.add(new TokenParam("completed")))
				.add(SupplyRequest.SP_DATE, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(since)));
		supplies.setLoadSynchronousUpTo(1);
		return !daos.getResourceDao(SupplyRequest.class).searchForResourceIds(supplies, new SystemRequestDetails())
				.isEmpty();
	}

	/** True when a resource of this type names one of the patients, one of the units in {@code role}, a status. */
	private boolean anyOf(Class<? extends IBaseResource> type, String patientParam, Set<String> linked, String role,
			ReferenceOrListParam unitRefs, String statusParam, List<String> statuses) {
		TokenOrListParam status = new TokenOrListParam();
		statuses.forEach(code -> status.addOr(new TokenParam(code)));
		SearchParameterMap query = SearchParameterMap.newSynchronous()
				.add(patientParam, references(linked))
				.add(role, unitRefs)
				.add(statusParam, status);
		query.setLoadSynchronousUpTo(1);
		return !daos.getResourceDao(type).searchForResourceIds(query, new SystemRequestDetails()).isEmpty();
	}

	private static boolean endedSince(Period period, Instant since) {
		Date end = period.hasEnd() ? period.getEnd() : period.getStart();
		return end != null && !end.toInstant().isBefore(since);
	}

	/** What the person's active Consents say for these units. */
	record ConsentFinding(boolean denied, boolean permitted, Set<String> labels) {
		static final ConsentFinding NOTHING = new ConsentFinding(false, false, Set.of());
	}

	private ConsentFinding consent(Set<String> linked, List<MemberUnit> acting) {
		SearchParameterMap query = SearchParameterMap.newSynchronous()
				.add(Consent.SP_PATIENT, references(linked))
				.add(Consent.SP_STATUS, new TokenParam("active"));
		Set<String> actingRefs = new HashSet<>(acting.stream().map(MemberUnit::reference).toList());
		Date now = Date.from(clock.instant());
		boolean denied = false;
		boolean permitted = false;
		Set<String> labels = new HashSet<>();
		for (IBaseResource found : daos.getResourceDao(Consent.class).search(query, new SystemRequestDetails())
				.getAllResources()) {
			Consent consent = (Consent) found;
			Consent.ProvisionComponent provision = consent.getProvision();
			if (!covers(provision.getPeriod(), now) || !namesUnit(provision, actingRefs)) {
				continue;
			}
			if (provision.getType() == Consent.ConsentProvisionType.DENY) {
				denied = true;
				continue;
			}
			boolean excluded = provision.getProvision().stream()
					.anyMatch(nested -> nested.getType() == Consent.ConsentProvisionType.DENY
							&& covers(nested.getPeriod(), now) && namesUnit(nested, actingRefs)
							&& nested.getSecurityLabel().isEmpty());
			if (excluded) {
				denied = true;
				continue;
			}
			permitted = true;
			provision.getSecurityLabel().forEach(label -> policy.sensitive(label).ifPresent(l -> labels.add(l.code())));
		}
		return new ConsentFinding(denied, permitted, Set.copyOf(labels));
	}

	private static boolean covers(Period period, Date now) {
		return period == null || ((!period.hasStart() || !period.getStart().after(now))
				&& (!period.hasEnd() || period.getEnd().after(now)));
	}

	/** A provision without actors concerns every unit; otherwise one of its actors is an acting unit. */
	private static boolean namesUnit(Consent.ProvisionComponent provision, Set<String> actingRefs) {
		if (provision.getActor().isEmpty()) {
			return true;
		}
		return provision.getActor().stream().anyMatch(actor -> {
			IdType id = new IdType(actor.getReference().getReference());
			return actingRefs.contains("Organization/" + id.getIdPart());
		});
	}

	private static ReferenceOrListParam references(Collection<String> ids) {
		ReferenceOrListParam list = new ReferenceOrListParam();
		ids.forEach(id -> list.addOr(new ReferenceParam(id)));
		return list;
	}
}
