package org.countyhub.server.reading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** The DICOM modality of a reading request: the request's code, category or detail, else its registered study's. */
public final class ReadingModality {

	private ReadingModality() {}

	/** {@code ""} when neither the request nor a study based on it names one. */
	public static String of(ServiceRequest request, Collection<? extends Resource> studies) {
		List<Coding> codings = new ArrayList<>(request.getCode().getCoding());
		request.getCategory().forEach(c -> codings.addAll(c.getCoding()));
		request.getOrderDetail().forEach(c -> codings.addAll(c.getCoding()));
		for (Coding coding : codings) {
			if (HubSystems.DICOM_DCM.equals(coding.getSystem())) {
				return coding.getCode();
			}
		}
		String id = "ServiceRequest/" + request.getIdElement().getIdPart();
		return studies.stream().filter(ImagingStudy.class::isInstance).map(ImagingStudy.class::cast)
				.filter(s -> s.getBasedOn().stream().anyMatch(b -> id.equals(b.getReference())) && s.hasModality())
				.map(s -> s.getModalityFirstRep().getCode()).findFirst().orElse("");
	}
}
