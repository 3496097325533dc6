package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.springframework.stereotype.Component;

/**
 * Member units as the recognition rules see them: name and quality-control qualifications (互认资质, the
 * {@link HubSystems#RECOGNITION_QUALIFICATION_EXTENSION} on the Organization). Read from the server and kept
 * until the Organization is written again ({@link #invalidate(String)}).
 */
@Component
public class UnitQualifications {

	private final IFhirResourceDao<Organization> organizations;
	private final Map<String, Optional<Unit>> units = new ConcurrentHashMap<>();

	UnitQualifications(IFhirResourceDao<Organization> organizations) {
		this.organizations = organizations;
	}

	/** The unit with this Organization id, if the server has it. */
	public Optional<Unit> unit(String organizationId) {
		return units.computeIfAbsent(organizationId, this::read);
	}

	public void invalidate(String organizationId) {
		units.remove(organizationId);
	}

	private Optional<Unit> read(String organizationId) {
		try {
			Organization org = organizations.read(new IdType("Organization", organizationId), new SystemRequestDetails());
			return Optional.of(Unit.of(org));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	/** One quality-control qualification: items, the period it covers, and its recognition level. */
	public record Qualification(List<String> items, LocalDate start, LocalDate end, String level) {

		boolean covers(String item, LocalDate day) {
			return items.contains(item)
					&& (start == null || !day.isBefore(start))
					&& (end == null || !day.isAfter(end));
		}
	}

	/** A member unit: its id, name and qualifications. */
	public record Unit(String id, String name, List<Qualification> qualifications) {

		static Unit of(Organization org) {
			List<Qualification> qualifications = new ArrayList<>();
			for (Extension ext : org.getExtensionsByUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION)) {
				List<String> items = new ArrayList<>();
				LocalDate start = null;
				LocalDate end = null;
				String level = null;
				for (Extension part : ext.getExtension()) {
					switch (part.getUrl()) {
						case "item" -> {
							if (part.getValue() instanceof Coding coding
									&& HubSystems.RECOGNITION_CATALOGUE.equals(coding.getSystem())) {
								items.add(coding.getCode());
							}
						}
						case "period" -> {
							if (part.getValue() instanceof Period period) {
								start = localDay(period.getStartElement());
								end = localDay(period.getEndElement());
							}
						}
						case "level" -> level = part.getValue().primitiveValue();
						default -> {
							// unknown parts are ignored; the profile closes the extension
						}
					}
				}
				qualifications.add(new Qualification(List.copyOf(items), start, end, level));
			}
			return new Unit(org.getIdElement().getIdPart(), org.getName(), List.copyOf(qualifications));
		}

		/** The qualification covering this item on this day (the result's date), if any. */
		public Optional<Qualification> qualificationFor(String item, LocalDate day) {
			return qualifications.stream().filter(q -> q.covers(item, day)).findFirst();
		}

		private static LocalDate localDay(org.hl7.fhir.r4.model.DateTimeType value) {
			if (value == null || value.isEmpty()) {
				return null;
			}
			// A period given as dates is a calendar range; a dateTime is taken on its own calendar day.
			return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
		}
	}

}
