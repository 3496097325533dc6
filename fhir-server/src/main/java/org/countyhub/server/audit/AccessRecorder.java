package org.countyhub.server.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.access.AccessDecision;
import org.countyhub.server.access.AccessRule;
import org.countyhub.server.access.RequestDecisions;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.workflow.ActingUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where every access record goes (HAPI's BALP interceptor hands its AuditEvents here, the hub's own events come
 * too): completed with why (purpose of use and the 调阅 rule of the patient it is about) and the acting unit, then
 * appended to the {@link AuditTrail}. Inside a write's transaction the records are appended just before it
 * commits, in it (a write that rolls back leaves none, and one whose record cannot be stored fails); otherwise
 * at once in a transaction of their own, before the answer leaves.
 */
@Component
public class AccessRecorder implements IBalpAuditEventSink {

	static final String V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

	private final AuditTrail trail;
	private final EntityManagerFactory entityManagers;

	AccessRecorder(AuditTrail trail, EntityManagerFactory entityManagers) {
		this.trail = trail;
		this.entityManagers = entityManagers;
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		record(event, null);
	}

	/** Records an event; {@code ruleOverride} names the rule when no decision of the request says it. */
	public void record(AuditEvent event, AccessRule ruleOverride) {
		store(List.of(prepare(event, ruleOverride)));
	}

	/** Records several events of one request together (one append, one transaction). */
	public void recordAll(List<AuditEvent> events, List<AccessRule> ruleOverrides) {
		List<AuditTrail.Entry> entries = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			entries.add(prepare(events.get(i), ruleOverrides.get(i)));
		}
		store(entries);
	}

	private AuditTrail.Entry prepare(AuditEvent event, AccessRule ruleOverride) {
		String patient = patientOf(event);
		Optional<HubCaller> caller = HubCaller.current();
		AccessDecision decision = patient == null ? null
				: RequestDecisions.current().flatMap(d -> d.decision(patient)).orElse(null);
		AccessRule rule = ruleOverride != null ? ruleOverride : decision == null ? null : decision.rule();
		String unit = actingUnit(caller);
		complete(event, rule, unit);
		if (patient != null) {
			namePatientFirst(event, patient);
			recordedInRequest().ifPresent(set -> set.add(patient));
		}
		String action = event.getSubtype().stream().map(Coding::getCode).findFirst()
				.orElse(event.getType().getCode());
		return new AuditTrail.Entry(event, patient, caller.map(HubCaller::subject).orElse(null),
				unit, action, event.hasOutcome() ? event.getOutcome().toCode() : "0",
				rule == null ? null : rule.code());
	}

	private void store(List<AuditTrail.Entry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()
				&& !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			pending().addAll(entries);
		} else {
			trail.append(entries);
		}
	}

	/** The Patient records this HTTP request's access records named so far. */
	@SuppressWarnings("unchecked")
	static Optional<java.util.Set<String>> recordedInRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return Optional.empty();
		}
		String name = AccessRecorder.class.getName() + ".patients";
		Object set = servlet.getRequest().getAttribute(name);
		if (set == null) {
			set = java.util.concurrent.ConcurrentHashMap.newKeySet();
			servlet.getRequest().setAttribute(name, set);
		}
		return Optional.of((java.util.Set<String>) set);
	}

	private List<AuditTrail.Entry> pending() {
		Object key = AccessRecorder.class;
		@SuppressWarnings("unchecked")
		List<AuditTrail.Entry> entries = (List<AuditTrail.Entry>) TransactionSynchronizationManager.getResource(key);
		if (entries == null) {
			List<AuditTrail.Entry> fresh = new ArrayList<>();
			TransactionSynchronizationManager.bindResource(key, fresh);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					// the write's rows first: the chain's head stays locked from the append to the commit, and
					// concurrent writers wait for it, so it is taken when only the commit is left
					EntityManager writing = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagers);
					if (writing != null) {
						writing.flush();
					}
					trail.appendInCurrentTransaction(List.copyOf(fresh));
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(key);
				}
			});
			entries = fresh;
		}
		return entries;
	}

	private static void complete(AuditEvent event, AccessRule rule, String unit) {
		for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
			if (agent.getRequestor() && rule != null) {
				agent.getPurposeOfUse().clear();
				agent.addPurposeOfUse(new CodeableConcept(new Coding(V3_ACT_REASON,
						rule == AccessRule.BREAK_GLASS ? "ETREAT" : "TREAT",
						rule == AccessRule.BREAK_GLASS ? "emergency treatment" : "treatment")));
			}
		}
		if (rule != null) {
			event.addPurposeOfEvent(new CodeableConcept(new Coding(AccessRule.SYSTEM, rule.code(), null)));
		}
		if (unit != null) {
			event.addAgent()
					.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass",
							"PROV", "healthcare provider")).setText("acting member unit"))
					.setWho(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
							.setSystem(HubAuditContext.UNIT_SYSTEM).setValue(unit)).setDisplay(unit))
					.setRequestor(false);
		}
	}

	/**
	 * The Patient record an event is about (BALP puts one patient per event), or null. HAPI's BALP names it with
	 * an absolute URL ({@code http://host/fhir/Patient/12}), the hub's own events with a relative one.
	 */
	static String patientOf(AuditEvent event) {
		String any = null;
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			String patient = patientReference(entity.getWhat().getReference());
			if (patient != null && "1".equals(entity.getRole().getCode())) {
				return patient;
			}
			any = any == null ? patient : any;
		}
		return any;
	}

	/**
	 * Every record names its patient the same way: relative ({@code Patient/12}, the base URL changes with the
	 * host and proxy the hub is reached through) and as the first entity, as the hub's own records do, so that a
	 * person's list of accesses reads alike whoever wrote the record.
	 */
	static void namePatientFirst(AuditEvent event, String patient) {
		List<AuditEvent.AuditEventEntityComponent> entities = event.getEntity();
		for (int i = 0; i < entities.size(); i++) {
			AuditEvent.AuditEventEntityComponent entity = entities.get(i);
			if ("1".equals(entity.getRole().getCode())
					&& patient.equals(patientReference(entity.getWhat().getReference()))) {
				entity.getWhat().setReference(patient);
				entities.remove(i);
				entities.add(0, entity);
				return;
			}
		}
	}

	private static String patientReference(String reference) {
		if (reference == null) {
			return null;
		}
		org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(reference);
		return "Patient".equals(id.getResourceType()) && id.hasIdPart() ? "Patient/" + id.getIdPart() : null;
	}

	/** The acting unit of the HTTP request: the header, or the token's one unit, or its units joined. */
	static String actingUnit(Optional<HubCaller> caller) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			String header = servlet.getRequest().getHeader(ActingUnit.HEADER);
			if (header != null && !header.isBlank()) {
				return header.trim();
			}
		}
		return caller.map(c -> c.units().isEmpty() ? null : String.join(",", c.units())).orElse(null);
	}
}
