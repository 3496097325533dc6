package org.countyhub.server.security.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.RestInterceptor;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Role rules of the FHIR endpoint, from the verified caller ({@link HubCaller}); record-level rules (which
 * patients) are not here. Destructive and bulk operations need the system admin, MDM review operations the data
 * steward, {@code $expunge} is off unless {@code hub.security.expunge-enabled}; writes need a clinical, unit-system,
 * data-steward or system-admin role; callers without a role that may see patients (the bureau analyst, the
 * auditor, the security admin) get no Patient, asked for or contained in an answer.
 */
@Component
@Interceptor
public class FhirAccessRules implements RestInterceptor {

	private static final Logger log = LoggerFactory.getLogger(FhirAccessRules.class);

	/** Operations (without {@code $}) and the one role that may call them. */
	static final Map<String, String> OPERATION_ROLES = Map.ofEntries(
			Map.entry("expunge", Roles.SYSTEM_ADMIN),
			Map.entry("export", Roles.SYSTEM_ADMIN),
			Map.entry("export-poll-status", Roles.SYSTEM_ADMIN),
			Map.entry("reindex", Roles.SYSTEM_ADMIN),
			Map.entry("reindex-dryrun", Roles.SYSTEM_ADMIN),
			Map.entry("mdm-clear", Roles.SYSTEM_ADMIN),
			Map.entry("mdm-submit", Roles.SYSTEM_ADMIN),
			Map.entry("mdm-merge-golden-resources", Roles.DATA_STEWARD),
			Map.entry("mdm-update-link", Roles.DATA_STEWARD),
			Map.entry("mdm-create-link", Roles.DATA_STEWARD),
			Map.entry("mdm-not-duplicate", Roles.DATA_STEWARD),
			Map.entry("mdm-query-links", Roles.DATA_STEWARD),
			Map.entry("mdm-link-history", Roles.DATA_STEWARD),
			Map.entry("mdm-duplicate-golden-resources", Roles.DATA_STEWARD),
			Map.entry("confirm-report", Roles.PUBLIC_HEALTH_OFFICER),
			Map.entry("correct-report", Roles.PUBLIC_HEALTH_OFFICER),
			Map.entry("withdraw-report", Roles.PUBLIC_HEALTH_OFFICER),
			Map.entry("acknowledge-critical-value", Roles.CLINICIAN),
			Map.entry("verify-audit-chain", Roles.AUDITOR),
			Map.entry("audit-trail", Roles.AUDITOR),
			Map.entry("break-glass-review", Roles.MEDICAL_ADMIN),
			Map.entry("approve-prescription", Roles.PHARMACIST),
			Map.entry("return-prescription", Roles.PHARMACIST),
			Map.entry("resubmit-prescription", Roles.CLINICIAN),
			Map.entry("supply-shortage", Roles.PHARMACIST),
			Map.entry("deliver-shortage", Roles.PHARMACIST),
			Map.entry("evaluate-measure", Roles.BUREAU_ANALYST),
			Map.entry("import-out-of-county", Roles.BUREAU_ANALYST));

	/** Resource types only the system admin reads: bulk export's output files. */
	static final Set<String> SYSTEM_ADMIN_TYPES = Set.of("Binary");

	static final Set<String> WRITERS = Set.of(Roles.CLINICIAN, Roles.READING_PHYSICIAN, Roles.REFERRAL_COORDINATOR,
			Roles.PHARMACIST, Roles.UNIT_SYSTEM, Roles.DATA_STEWARD, Roles.SYSTEM_ADMIN);

	static final Set<String> PATIENT_READERS = Set.of(Roles.CLINICIAN, Roles.READING_PHYSICIAN,
			Roles.REFERRAL_COORDINATOR, Roles.PHARMACIST, Roles.UNIT_SYSTEM, Roles.DATA_STEWARD, Roles.SYSTEM_ADMIN,
			Roles.PUBLIC_HEALTH_OFFICER);

	private static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(RestOperationTypeEnum.CREATE,
			RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE,
			RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH, RestOperationTypeEnum.META_ADD,
			RestOperationTypeEnum.META_DELETE);

	private final boolean expungeEnabled;

	FhirAccessRules(SecurityProperties properties) {
		this.expungeEnabled = properties.expungeEnabled();
		log.info("FHIR role rules: operations {}; $expunge {}", OPERATION_ROLES,
				expungeEnabled ? "on (system-admin)" : "off");
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation == RestOperationTypeEnum.METADATA) {
			return;
		}
		HubCaller caller = HubCaller.current().orElseThrow(() ->
				new ForbiddenOperationException(HubMsg.code(5404) + "the request carries no verified caller"));
		String name = operationName(request);
		if (name != null) {
			if (name.equals("expunge") && !expungeEnabled) {
				throw new ForbiddenOperationException(HubMsg.code(5405)
						+ "$expunge is off in this hub (hub.security.expunge-enabled)");
			}
			String role = OPERATION_ROLES.get(name);
			if (role != null && !caller.hasRole(role)) {
				throw new ForbiddenOperationException(HubMsg.code(5406) + "$" + name + " needs the role " + role);
			}
		}
		String type = request.getResourceName();
		if (type != null && SYSTEM_ADMIN_TYPES.contains(type) && !caller.hasRole(Roles.SYSTEM_ADMIN)) {
			throw new ForbiddenOperationException(HubMsg.code(5407) + type + " needs the role " + Roles.SYSTEM_ADMIN);
		}
		if (WRITES.contains(operation) && caller.roles().stream().noneMatch(WRITERS::contains)) {
			throw new ForbiddenOperationException(HubMsg.code(5408) + "writing needs one of the roles "
					+ List.copyOf(WRITERS));
		}
		if ("AuditEvent".equals(type) && WRITES.contains(operation)) {
			throw new ForbiddenOperationException(HubMsg.code(5806) + "access records (AuditEvent) are the hub's own:"
					+ " they are not written, changed or deleted through the API");
		}
		if ("Patient".equals(type) && !readsPatients(caller)) {
			throw new ForbiddenOperationException(HubMsg.code(5409) + "the caller's roles " + caller.roles()
					+ " do not allow Patient records");
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void outgoing(RequestDetails request, IBaseResource response) {
		if (response == null || HubCaller.current().map(FhirAccessRules::readsPatients).orElse(true)) {
			return;
		}
		boolean patient = response instanceof Patient || (response instanceof Bundle bundle
				&& bundle.getEntry().stream().anyMatch(entry -> entry.getResource() instanceof Patient));
		if (patient) {
			throw new ForbiddenOperationException(HubMsg.code(5416) + "the answer holds Patient records, which the"
					+ " caller's roles do not allow");
		}
	}

	private static boolean readsPatients(HubCaller caller) {
		return caller.roles().stream().anyMatch(PATIENT_READERS::contains);
	}

	private static String operationName(RequestDetails request) {
		String operation = request.getOperation();
		if (operation == null || !operation.startsWith("$")) {
			return null;
		}
		return operation.substring(1);
	}
}
