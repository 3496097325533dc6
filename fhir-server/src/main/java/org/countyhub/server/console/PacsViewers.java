package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Optional;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.springframework.stereotype.Component;

/**
 * 在PACS中查看: the address of a study in its unit's own PACS viewer, where the unit declares one
 * ({@code feed.pacsViewer} in its {@code unit.yaml}, data per unit). The unit is the one managing the study's
 * DICOMweb Endpoint, which is read through the hub's API as the signed-in person.
 */
@OnEmbeddedSignIn
@Component
public class PacsViewers {

	private final CountyDirectory county;

	PacsViewers(CountyDirectory county) {
		this.county = county;
	}

	public Optional<String> of(IGenericClient fhir, ImagingStudy study) {
		if (study == null || !study.hasEndpoint()) {
			return Optional.empty();
		}
		String uid = study.getIdentifier().stream()
				.filter(i -> HubSystems.DICOM_UID.equals(i.getSystem()) && i.hasValue())
				.map(i -> i.getValue().replaceFirst("^urn:oid:", "")).findFirst().orElse(null);
		if (uid == null) {
			return Optional.empty();
		}
		Endpoint endpoint = fhir.read().resource(Endpoint.class)
				.withId(study.getEndpointFirstRep().getReferenceElement().getIdPart()).execute();
		String manager = endpoint.getManagingOrganization().getReferenceElement().getIdPart();
		return county.units().stream().filter(u -> u.id().equals(manager)).findFirst().map(MemberUnit::feed)
				.flatMap(feed -> feed.pacsViewerFor(uid));
	}
}
