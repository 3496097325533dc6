package org.countyhub.server.county;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * 人员目录: the county folder's {@code staff.yaml}, checked against the member units and turned into the
 * Practitioner and PractitionerRole resources the hub stores. A mistake names the file and the entry.
 */
public final class StaffDirectory {

	public static final String FILE = "staff.yaml";
	static final String ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/practitioner-role";
	private static final Set<String> ROLE_CODES = Set.of("doctor", "nurse", "pharmacist", "researcher", "teacher", "ict");
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,60}");

	record Role(String unit, String code, String title, String department) {}

	record Person(String id, String name, String gender, List<Role> roles) {}

	record File(List<Person> staff) {}

	private final List<Resource> resources;

	private StaffDirectory(List<Resource> resources) {
		this.resources = resources;
	}

	/** The directory read from {@code in} ({@code where} names it in errors), checked against the county's units. */
	public static StaffDirectory read(InputStream in, String where, CountyDirectory county) throws IOException {
		ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
				.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
		File file;
		try {
			file = yaml.readValue(in, File.class);
		} catch (JsonProcessingException e) {
			throw new CountyConfigurationException(where + ": " + e.getOriginalMessage(), e);
		}
		List<Resource> resources = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		List<Person> staff = file == null || file.staff() == null ? List.of() : file.staff();
		for (int i = 0; i < staff.size(); i++) {
			Person person = staff.get(i);
			String at = where + ": staff[" + i + "]";
			if (person.id() == null || !ID.matcher(person.id()).matches() || !ids.add(person.id())) {
				throw new CountyConfigurationException(at + ".id: missing, not a FHIR id of at most 60 characters,"
						+ " or used twice: " + person.id(), null);
			}
			if (person.name() == null || person.name().isBlank()) {
				throw new CountyConfigurationException(at + ".name: missing", null);
			}
			resources.add(practitioner(person, at));
			List<Role> roles = person.roles() == null ? List.of() : person.roles();
			for (int r = 0; r < roles.size(); r++) {
				resources.add(role(person, roles.get(r), at + ".roles[" + r + "]", county));
			}
		}
		return new StaffDirectory(List.copyOf(resources));
	}

	/** Practitioners first, each followed by its roles. */
	public List<Resource> resources() {
		return resources;
	}

	private static Practitioner practitioner(Person person, String at) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(person.id());
		practitioner.setActive(true);
		practitioner.addName().setText(person.name());
		if (person.gender() != null) {
			try {
				practitioner.setGender(AdministrativeGender.fromCode(person.gender()));
			} catch (org.hl7.fhir.exceptions.FHIRException e) {
				throw new CountyConfigurationException(at + ".gender: not male, female, other or unknown: "
						+ person.gender(), e);
			}
		}
		return practitioner;
	}

	private static PractitionerRole role(Person person, Role role, String at, CountyDirectory county) {
		MemberUnit unit = county.byCode(role.unit()).orElseThrow(() ->
				new CountyConfigurationException(at + ".unit: no member unit " + role.unit(), null));
		if (!ROLE_CODES.contains(role.code())) {
			throw new CountyConfigurationException(at + ".code: not one of " + ROLE_CODES + ": " + role.code(), null);
		}
		PractitionerRole practitionerRole = new PractitionerRole();
		practitionerRole.setId(person.id() + "-" + unit.code().toLowerCase());
		practitionerRole.setActive(true);
		practitionerRole.setPractitioner(new Reference("Practitioner/" + person.id()).setDisplay(person.name()));
		practitionerRole.setOrganization(new Reference(unit.reference()).setDisplay(unit.name()));
		CodeableConcept code = practitionerRole.addCode();
		code.addCoding().setSystem(ROLE_SYSTEM).setCode(role.code());
		if (role.title() != null) {
			code.setText(role.title());
		}
		if (role.department() != null) {
			practitionerRole.addSpecialty().setText(role.department());
		}
		return practitionerRole;
	}
}
