package org.countyhub.server.recognition.results;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.LinkedHashSet;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * One person = the Patients that carry the same resident ID card number (居民身份证号,
 * {@link HubSystems#RESIDENT_ID_CARD}): the identifier every unit records and the one rule that needs no
 * probabilistic matching. When the hub's MDM links persons, an implementation reading the MDM golden-record
 * links replaces this bean.
 */
@Component
class IdCardPersonRecords implements PersonRecords {

	private final IFhirResourceDao<Patient> patients;

	IdCardPersonRecords(IFhirResourceDao<Patient> patients) {
		this.patients = patients;
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
		TokenOrListParam idCards = new TokenOrListParam();
		for (Identifier identifier : patient.getIdentifier()) {
			if (HubSystems.RESIDENT_ID_CARD.equals(identifier.getSystem()) && identifier.hasValue()) {
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
		SearchParameterMap same = SearchParameterMap.newSynchronous().add(Patient.SP_IDENTIFIER, idCards);
		for (IBaseResource other : patients.search(same, new SystemRequestDetails()).getAllResources()) {
			ids.add("Patient/" + other.getIdElement().getIdPart());
		}
		return ids;
	}
}
