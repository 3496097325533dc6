package org.countyhub.server.feeds;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Merges what an HL7 v2 message says about a record into the version the hub holds (v2 null semantics): an
 * element the message carries replaces the stored one, an element it leaves out is kept, an element it erases
 * ({@code ""}) is removed. Lists are merged by part: identifiers one by one (system + value; the resident ID card
 * is one per person, so a new number replaces the old), telecom by use (home, mobile, work), a patient's links one
 * by one, a report's results one by one (by the result's identifier: a corrected report that re-sends only the
 * changed OBX keeps the others); other lists (names, addresses, locations, doctors) are replaced as a whole when the
 * message carries them. A message older than the stored version ({@code late}) only fills what the record lacks and
 * erases nothing.
 */
final class FeedRecordMerge {

	/** Elements the server or the hub owns, never taken from a message. */
	private static final Set<String> NOT_MERGED = Set.of("id", "meta", "implicitRules", "language", "text", "contained");
	/** Identifier systems that hold one value per person. */
	private static final Set<String> ONE_PER_PERSON = Set.of(HubSystems.RESIDENT_ID_CARD);

	private final FhirContext fhirContext;

	FeedRecordMerge(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/**
	 * The new version: {@code stored} with {@code incoming} merged in.
	 *
	 * @param resolve turns a conditional reference ({@code Patient?identifier=…}) into the id it names, so links
	 *                written by two messages are recognised as one
	 */
	Resource merge(Resource stored, Resource incoming, FeedUpdate update, boolean late, Function<String, String> resolve) {
		return merge(stored, incoming, update, late, resolve, reference -> null);
	}

	/**
	 * @param identify the business identifier of a stored record ({@code Observation/12}), for results stored
	 *                 before their references carried one; null when it cannot be read
	 */
	Resource merge(Resource stored, Resource incoming, FeedUpdate update, boolean late, Function<String, String> resolve,
			Function<String, Identifier> identify) {
		Resource result = stored.copy();
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(result);
		for (BaseRuntimeChildDefinition child : definition.getChildren()) {
			String name = baseName(child.getElementName());
			if (NOT_MERGED.contains(name)) {
				continue;
			}
			List<IBase> sent = child.getAccessor().getValues(incoming);
			if (sent.isEmpty()) {
				continue;
			}
			boolean fillOnly = late || update.fillOnly().contains(name);
			if (child.getMax() == 1) {
				single(child, name, result, sent.get(0), fillOnly);
			} else {
				list(child, name, result, sent, fillOnly, resolve, identify);
			}
		}
		if (!late) {
			update.erased().forEach(element -> erase(definition, result, element));
		}
		result.getMeta().setSource(incoming.getMeta().getSource());
		result.getMeta().setVersionId(null);
		result.getMeta().setLastUpdated(null);
		return result;
	}

	private static void single(BaseRuntimeChildDefinition child, String name, Resource result, IBase sent, boolean fillOnly) {
		List<IBase> held = child.getAccessor().getValues(result);
		if (name.equals("period") && !held.isEmpty()) {
			// start and end come from different fields (PV1-44, PV1-45) and often from different messages
			Period stored = (Period) held.get(0);
			Period given = (Period) sent;
			if (given.hasStartElement() && !(fillOnly && stored.hasStart())) {
				stored.setStartElement(given.getStartElement().copy());
			}
			if (given.hasEndElement() && !(fillOnly && stored.hasEnd())) {
				stored.setEndElement(given.getEndElement().copy());
			}
			return;
		}
		if (fillOnly && !held.isEmpty()) {
			return;
		}
		child.getMutator().setValue(result, sent);
	}

	private static void list(BaseRuntimeChildDefinition child, String name, Resource result, List<IBase> sent,
			boolean fillOnly, Function<String, String> resolve, Function<String, Identifier> identify) {
		List<IBase> held = new ArrayList<>(child.getAccessor().getValues(result));
		List<IBase> merged;
		switch (name) {
			case "identifier" -> merged = identifiers(held, sent, fillOnly);
			case "telecom" -> merged = byPart(held, sent, fillOnly, v -> part("telecom", v));
			case "link" -> merged = links(held, sent, resolve);
			case "result" -> merged = results(held, sent, identify);
			default -> {
				if (fillOnly && !held.isEmpty()) {
					return;
				}
				merged = sent;
			}
		}
		child.getMutator().setValue(result, null);
		merged.forEach(value -> child.getMutator().addValue(result, value));
	}

	private static List<IBase> identifiers(List<IBase> held, List<IBase> sent, boolean fillOnly) {
		List<IBase> merged = new ArrayList<>(held);
		for (IBase value : sent) {
			Identifier id = (Identifier) value;
			boolean onePerPerson = ONE_PER_PERSON.contains(id.getSystem());
			boolean hasSystem = merged.stream().anyMatch(v -> Objects.equals(((Identifier) v).getSystem(), id.getSystem()));
			if (fillOnly && onePerPerson && hasSystem) {
				continue;
			}
			merged.removeIf(v -> {
				Identifier h = (Identifier) v;
				return Objects.equals(h.getSystem(), id.getSystem())
						&& (onePerPerson || Objects.equals(h.getValue(), id.getValue()));
			});
			merged.add(id);
		}
		return merged;
	}

	/** The parts the message carries replace the same parts of the record; the other parts are kept. */
	private static List<IBase> byPart(List<IBase> held, List<IBase> sent, boolean fillOnly, Function<IBase, String> part) {
		List<IBase> merged = new ArrayList<>(held);
		for (String sentPart : sent.stream().map(part).distinct().toList()) {
			boolean heldPart = merged.stream().anyMatch(v -> part.apply(v).equals(sentPart));
			if (fillOnly && heldPart) {
				continue;
			}
			merged.removeIf(v -> part.apply(v).equals(sentPart));
			sent.stream().filter(v -> part.apply(v).equals(sentPart)).forEach(merged::add);
		}
		return merged;
	}

	private static List<IBase> links(List<IBase> held, List<IBase> sent, Function<String, String> resolve) {
		List<IBase> merged = new ArrayList<>(held);
		for (IBase value : sent) {
			Patient.PatientLinkComponent link = (Patient.PatientLinkComponent) value;
			String other = link.getOther().getReference();
			if (other != null && other.contains("?")) {
				String resolved = resolve.apply(other);
				if (resolved != null) {
					link.getOther().setReference(resolved);
					other = resolved;
				}
			}
			String target = other;
			boolean known = merged.stream().map(v -> (Patient.PatientLinkComponent) v)
					.anyMatch(l -> l.getType() == link.getType() && Objects.equals(l.getOther().getReference(), target));
			if (!known) {
				merged.add(link);
			}
		}
		return merged;
	}

	/**
	 * A report's results matched on the identifier each reference carries: a result the message re-sends takes its
	 * place (its reference may still be the transaction's placeholder, which HAPI resolves), a new one is added, the
	 * others stay. Results whose stored reference has no identifier are identified through the store.
	 */
	private static List<IBase> results(List<IBase> held, List<IBase> sent, Function<String, Identifier> identify) {
		List<IBase> merged = new ArrayList<>(held);
		for (IBase value : merged) {
			Reference reference = (Reference) value;
			if (!reference.hasIdentifier() && reference.hasReference()) {
				Identifier identifier = identify.apply(reference.getReference());
				if (identifier != null) {
					reference.setIdentifier(identifier.copy());
				}
			}
		}
		for (IBase value : sent) {
			Reference reference = (Reference) value;
			int at = reference.hasIdentifier() ? indexOf(merged, reference.getIdentifier()) : -1;
			if (at >= 0) {
				merged.set(at, reference);
			} else {
				merged.add(reference);
			}
		}
		return merged;
	}

	private static int indexOf(List<IBase> references, Identifier identifier) {
		for (int i = 0; i < references.size(); i++) {
			Identifier held = ((Reference) references.get(i)).getIdentifier();
			if (Objects.equals(held.getSystem(), identifier.getSystem()) && Objects.equals(held.getValue(), identifier.getValue())) {
				return i;
			}
		}
		return -1;
	}

	private static void erase(RuntimeResourceDefinition definition, Resource result, String element) {
		int colon = element.indexOf(':');
		int dot = element.indexOf('.');
		String name = colon > 0 ? element.substring(0, colon) : dot > 0 ? element.substring(0, dot) : element;
		BaseRuntimeChildDefinition child = child(definition, name);
		if (child == null) {
			return;
		}
		List<IBase> held = new ArrayList<>(child.getAccessor().getValues(result));
		if (colon > 0) {
			String part = element.substring(colon + 1);
			held.removeIf(v -> part.equals(part(name, v)));
			child.getMutator().setValue(result, null);
			held.forEach(value -> child.getMutator().addValue(result, value));
		} else if (dot > 0) {
			if (!held.isEmpty() && held.get(0) instanceof Period period) {
				if (element.endsWith(".start")) {
					period.setStartElement(null);
				} else if (element.endsWith(".end")) {
					period.setEndElement(null);
				}
			}
		} else {
			child.getMutator().setValue(result, null);
		}
	}

	private static String part(String name, IBase value) {
		return switch (name) {
			case "telecom" -> ((ContactPoint) value).hasUse() ? ((ContactPoint) value).getUse().toCode() : "";
			case "identifier" -> ((Identifier) value).getSystem();
			default -> null;
		};
	}

	private static BaseRuntimeChildDefinition child(RuntimeResourceDefinition definition, String name) {
		BaseRuntimeChildDefinition child = definition.getChildByName(name);
		return child != null ? child : definition.getChildByName(name + "[x]");
	}

	private static String baseName(String elementName) {
		return elementName.endsWith("[x]") ? elementName.substring(0, elementName.length() - 3) : elementName;
	}
}
