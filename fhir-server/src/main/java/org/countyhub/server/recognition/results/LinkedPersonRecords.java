package org.countyhub.server.recognition.results;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.LinkedHashSet;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.mdm.api.IMdmLinkExpandSvc;
import org.springframework.beans.factory.ObjectProvider;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * One person = the Patients the hub's MDM links to the same golden record (every automatic MATCH and every
 * possible match a reviewer accepted), together with the Patients that carry the same valid resident ID card
 * number (居民身份证号, {@link HubSystems#RESIDENT_ID_CARD}). The ID card rule is MDM's own MATCH rule, applied
 * here at once so that a record written a moment ago is not missed while MDM's asynchronous linking catches up;
 * a number with a wrong check character links nothing, as in MDM.
 */
@Component
class LinkedPersonRecords implements PersonRecords {

	private final IFhirResourceDao<Patient> patients;

	private final ObjectProvider<IMdmLinkExpandSvc> mdmLinks;

	LinkedPersonRecords(IFhirResourceDao<Patient> patients, ObjectProvider<IMdmLinkExpandSvc> mdmLinks) {
		this.patients = patients;
		this.mdmLinks = mdmLinks;
	}

	private void addMdmLinked(Patient patient, Set<String> ids) {
		IMdmLinkExpandSvc expand = mdmLinks.getIfAvailable();
		if (expand == null) {
			return;
		}
		IdType id = new IdType("Patient", patient.getIdElement().getIdPart());
		for (String linked : expand.expandMdmBySourceResourceId(RequestPartitionId.allPartitions(), id)) {
			String idPart = new IdType(linked).getIdPart();
			ids.add("Patient/" + idPart);
		}
	}

	@Override
	public Set<String> linkedPatients(String patientId) {
		IdType id = new IdType("Patient", new IdType(patientId).getIdPart());
		return linkedPatients(patients.read(id, new SystemRequestDetails()));
	}

	@Override
	public Set<String> linkedPatients(Patient patient) {
		Set<String> ids = new LinkedHashSet<>();
		ids.add("Patient/" + patient.getIdElement().getIdPart());
		addMdmLinked(patient, ids);
		TokenOrListParam idCards = new TokenOrListParam();
		for (Identifier identifier : patient.getIdentifier()) {
			if (HubSystems.RESIDENT_ID_CARD.equals(identifier.getSystem()) && identifier.hasValue()
					&& ResidentIdCard.isValid(identifier.getValue().trim().toUpperCase())) {
				// the check character X is sometimes sent in lower case
				String value = identifier.getValue().trim();
				idCards.add(identifier.getSystem(), value);
				if (!value.equals(value.toUpperCase())) {
					idCards.add(identifier.getSystem(), value.toUpperCase());
				}
			}
		}
		if (idCards.getValuesAsQueryTokens().isEmpty()) {
			return ids;
		}
		// ids only: loading the Patients (and their tags) is not needed, and inside a feed's transaction that has
		// just written one of them Hibernate trips over the unflushed record (AssertionError with -ea)
		SearchParameterMap same = SearchParameterMap.newSynchronous().add(Patient.SP_IDENTIFIER, idCards);
		for (IIdType other : patients.searchForResourceIds(same, new SystemRequestDetails())) {
			ids.add("Patient/" + other.getIdPart());
		}
		return ids;
	}
}
