package org.countyhub.server.recognition.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * What every hub CDS service reads from an {@code order-select} / {@code order-sign} call: the Patient (prefetched
 * under {@value #PATIENT} by the client or through the DAO), the draft orders of one type, and the card summary's
 * length limit (140 characters).
 */
public final class HookContext {

	/** The prefetch key of the context's Patient. */
	public static final String PATIENT = "patient";

	private HookContext() {}

	public static Patient patient(CdsServiceRequestJson request) {
		IBaseResource prefetched = request.getPrefetch(PATIENT);
		if (prefetched instanceof Patient patient) {
			return patient;
		}
		throw new InvalidRequestException(HubMsg.code(4011) + "the hook's context has no patientId of a Patient the"
				+ " hub holds, and no Patient was prefetched");
	}

	/** The draft orders of this type in {@code context.draftOrders}. */
	public static <T extends IBaseResource> List<T> draftOrders(CdsServiceRequestJson request, Class<T> type) {
		if (!request.getContext().containsKey("draftOrders")) {
			throw new InvalidRequestException(HubMsg.code(4012) + "context.draftOrders (a Bundle) is required");
		}
		IBaseResource drafts = request.getContext().getResource("draftOrders");
		if (!(drafts instanceof Bundle bundle)) {
			throw new InvalidRequestException(HubMsg.code(4012) + "context.draftOrders must be a Bundle");
		}
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance)
				.map(type::cast)
				.toList();
	}

	/** A card summary within the specification's 140 characters. */
	public static String summary(String text) {
		return text.length() <= 140 ? text : text.substring(0, 139) + "…";
	}
}
