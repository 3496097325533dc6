package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/** Member units by their names, from the county's settings (the same directory the feeds use). */
@OnEmbeddedSignIn
@Component
public class UnitLabels {

	/** A unit as a choice in a form. */
	public record Unit(String code, String name) {}

	private final CountyDirectory county;
	private final Map<String, String> learned = new ConcurrentHashMap<>();

	UnitLabels(CountyDirectory county) {
		this.county = county;
	}

	public String name(String code) {
		return code == null ? "" : county.byCode(code).map(MemberUnit::name).orElse(learned.getOrDefault(code, code));
	}

	/**
	 * The unit's name; a unit the county's settings do not declare (an Organization written later through the API)
	 * is read once through the hub's API and remembered (a unit's name is not patient data).
	 */
	public String name(String code, IGenericClient fhir) {
		if (code == null || county.byCode(code).isPresent()) {
			return name(code);
		}
		return learned.computeIfAbsent(code, unknown -> {
			try {
				Organization unit = fhir.read().resource(Organization.class).withId(unknown).execute();
				return unit.hasName() ? unit.getName() : unknown;
			} catch (BaseServerResponseException e) {
				return unknown;
			}
		});
	}

	/** The performing unit's name: the first performer that is an Organization. */
	public String performer(List<Reference> performers, IGenericClient fhir) {
		return performers.stream()
				.filter(p -> "Organization".equals(p.getReferenceElement().getResourceType()))
				.map(p -> p.hasDisplay() ? p.getDisplay() : name(p.getReferenceElement().getIdPart(), fhir))
				.findFirst().orElse("");
	}

	public List<Unit> all() {
		return county.units().stream().map(unit -> new Unit(unit.code(), unit.name())).toList();
	}

	public List<Unit> of(List<String> codes) {
		return codes.stream().map(code -> new Unit(code, name(code))).toList();
	}
}
