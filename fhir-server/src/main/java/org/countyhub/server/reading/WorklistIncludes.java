package org.countyhub.server.reading;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * What a worklist page includes beside its Tasks: each Task's request (ServiceRequest), the studies based on it
 * and the patient — read in a few searches for the whole page (by id and by {@code based-on}, in chunks), not three
 * reads per Task: a centre's worklist of 500 open Tasks made 1,500 reads before.
 */
final class WorklistIncludes {

	private static final int CHUNK = 200;

	private WorklistIncludes() {}

	/** In the order of the Tasks: request, its studies, patient; each resource once. */
	static Map<String, Resource> of(List<Task> tasks, WorkflowStore store) {
		Set<String> requestIds = new LinkedHashSet<>();
		Set<String> patientIds = new LinkedHashSet<>();
		for (Task task : tasks) {
			idOf(task.getFocus(), "ServiceRequest").ifPresent(requestIds::add);
			idOf(task.getFor(), "Patient").ifPresent(patientIds::add);
		}
		Map<String, ServiceRequest> requests = byId(ServiceRequest.class, requestIds, store);
		Map<String, Patient> patients = byId(Patient.class, patientIds, store);
		Map<String, List<ImagingStudy>> studies = studiesOf(requests.keySet(), store);

		Map<String, Resource> included = new LinkedHashMap<>();
		for (Task task : tasks) {
			idOf(task.getFocus(), "ServiceRequest").map(requests::get).ifPresent(request -> {
				String ref = "ServiceRequest/" + request.getIdElement().getIdPart();
				included.putIfAbsent(ref, request);
				studies.getOrDefault(ref, List.of()).forEach(s ->
						included.putIfAbsent("ImagingStudy/" + s.getIdElement().getIdPart(), s));
			});
			idOf(task.getFor(), "Patient").map(patients::get).ifPresent(p ->
					included.putIfAbsent("Patient/" + p.getIdElement().getIdPart(), p));
		}
		return included;
	}

	private static Optional<String> idOf(Reference reference, String type) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		IdType id = new IdType(reference.getReference());
		return type.equals(id.getResourceType()) && id.hasIdPart() ? Optional.of(id.getIdPart())
				: Optional.empty();
	}

	private static <T extends Resource> Map<String, T> byId(Class<T> type, Set<String> ids, WorkflowStore store) {
		Map<String, T> found = new LinkedHashMap<>();
		for (List<String> chunk : chunks(ids)) {
			TokenOrListParam anyOf = new TokenOrListParam();
			chunk.forEach(id -> anyOf.addOr(new TokenParam(id)));
			SearchParameterMap map = new SearchParameterMap();
			map.add("_id", anyOf);
			store.search(type, map).forEach(r -> found.put(r.getIdElement().getIdPart(), r));
		}
		return found;
	}

	/** The studies based on each request, by the request's reference ({@code ServiceRequest/12}). */
	private static Map<String, List<ImagingStudy>> studiesOf(Set<String> requestIds, WorkflowStore store) {
		Map<String, List<ImagingStudy>> byRequest = new LinkedHashMap<>();
		for (List<String> chunk : chunks(requestIds)) {
			ReferenceOrListParam anyOf = new ReferenceOrListParam();
			chunk.forEach(id -> anyOf.addOr(new ReferenceParam("ServiceRequest/" + id)));
			SearchParameterMap map = new SearchParameterMap();
			map.add(ImagingStudy.SP_BASEDON, anyOf);
			for (ImagingStudy study : store.search(ImagingStudy.class, map)) {
				for (Reference basedOn : study.getBasedOn()) {
					byRequest.computeIfAbsent(basedOn.getReferenceElement().toUnqualifiedVersionless().getValue(),
							k -> new ArrayList<>()).add(study);
				}
			}
		}
		return byRequest;
	}

	private static List<List<String>> chunks(Set<String> ids) {
		List<String> all = new ArrayList<>(ids);
		List<List<String>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += CHUNK) {
			chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
		}
		return chunks;
	}
}
