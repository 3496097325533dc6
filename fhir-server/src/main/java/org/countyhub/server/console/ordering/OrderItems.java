package org.countyhub.server.console.ordering;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/**
 * What the ordering form offers: the items of the county's recognition catalogue (the CodeSystem the hub holds,
 * read through its API), grouped by category, as a HIS's order catalogue would list them.
 */
@OnEmbeddedSignIn
@Component
class OrderItems {

	/** The Chinese names of the catalogue's categories, in the order the form lists them. */
	private static final Map<String, String> CATEGORIES = categories();

	/** An item one can order. */
	record Item(String code, String display, String category) {
		Coding coding() {
			return new Coding(HubSystems.RECOGNITION_CATALOGUE, code, display);
		}
	}

	/** A category with its items, as an {@code optgroup}. */
	record Group(String name, List<Item> items) {}

	List<Group> groups(IGenericClient fhir) {
		Map<String, List<Item>> byCategory = new LinkedHashMap<>();
		CATEGORIES.keySet().forEach(category -> byCategory.put(category, new ArrayList<>()));
		for (Item item : items(fhir)) {
			byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
		}
		List<Group> groups = new ArrayList<>();
		byCategory.forEach((category, items) -> {
			if (!items.isEmpty()) {
				groups.add(new Group(CATEGORIES.getOrDefault(category, category), items));
			}
		});
		return groups;
	}

	Optional<Item> item(IGenericClient fhir, String code) {
		return items(fhir).stream().filter(item -> item.code().equals(code)).findFirst();
	}

	private static List<Item> items(IGenericClient fhir) {
		Bundle found = fhir.search().forResource(CodeSystem.class)
				.where(CodeSystem.URL.matches().value(HubSystems.RECOGNITION_CATALOGUE))
				.returnBundle(Bundle.class).execute();
		List<Item> items = new ArrayList<>();
		found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast).findFirst()
				.ifPresent(catalogue -> catalogue.getConcept().forEach(concept -> items.add(new Item(
						concept.getCode(), concept.getDisplay(), category(concept)))));
		return items;
	}

	private static String category(CodeSystem.ConceptDefinitionComponent concept) {
		return concept.getProperty().stream().filter(p -> "category".equals(p.getCode()) && p.hasValue())
				.map(p -> p.getValue().primitiveValue()).findFirst().orElse("");
	}

	private static Map<String, String> categories() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("lab", "检验");
		names.put("imaging", "影像检查");
		names.put("ultrasound", "超声");
		names.put("ecg", "心电");
		names.put("pathology", "病理");
		return names;
	}
}
