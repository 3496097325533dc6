package org.countyhub.server.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which resources make up a person's cross-unit history, as data ({@code hub.identity.history-catalog}): per
 * clinician category (lab, imaging, ecg, referral, visit) the resource types, and for each type the search
 * parameters that name its patient, its clinical date and its performing unit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record HistoryCatalog(List<Entry> entries) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Entry(String category, String resourceType, String patient, String date, String unit, Filter filter) {}

	record Filter(String param, String system, String code) {}

	static HistoryCatalog read(InputStream json, String name) throws IOException {
		HistoryCatalog catalog = new ObjectMapper().readValue(json, HistoryCatalog.class);
		if (catalog.entries() == null || catalog.entries().isEmpty()) {
			throw new IllegalStateException("hub.identity.history-catalog: " + name + " has no entries");
		}
		Map<String, Entry> firstOfType = new LinkedHashMap<>();
		for (Entry entry : catalog.entries()) {
			if (entry.category() == null || entry.resourceType() == null || entry.patient() == null
					|| entry.date() == null || entry.unit() == null) {
				throw new IllegalStateException("hub.identity.history-catalog: " + name
						+ ": every entry needs category, resourceType, patient, date and unit; " + entry + " does not");
			}
			// one order per type: the history without a category searches each type once, by these parameters
			Entry first = firstOfType.putIfAbsent(entry.resourceType(), entry);
			if (first != null && !(first.patient().equals(entry.patient()) && first.date().equals(entry.date())
					&& first.unit().equals(entry.unit()))) {
				throw new IllegalStateException("hub.identity.history-catalog: " + name + ": the entries for "
						+ entry.resourceType() + " name different patient, date or unit parameters");
			}
		}
		return catalog;
	}

	Set<String> categories() {
		Set<String> result = new TreeSet<>();
		entries.forEach(e -> result.add(e.category()));
		return result;
	}

	/**
	 * The searches for one request: with a category, its entries as declared; without, one unfiltered search per
	 * resource type (so that a report in two categories, or in none, still appears exactly once).
	 */
	List<Entry> searchesFor(String category) {
		if (category != null) {
			return entries.stream().filter(e -> e.category().equals(category)).toList();
		}
		Map<String, Entry> byType = new LinkedHashMap<>();
		for (Entry entry : entries) {
			byType.putIfAbsent(entry.resourceType(),
					new Entry(null, entry.resourceType(), entry.patient(), entry.date(), entry.unit(), null));
		}
		return List.copyOf(byType.values());
	}
}
