package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Watches the resources the recognition rules read (the catalogue CodeSystem, the units' ConceptMaps, the
 * Organizations' qualifications). A write drops the cached copy and, once committed, has the affected units'
 * reports judged again, so a county's change takes effect without a restart.
 */
@Interceptor
public class RecognitionInputsInterceptor {

	private static final String MARK = "\u0000";
	private static final String[] UNIT_SYSTEM = HubSystems.unitItemCodes(MARK).split(MARK);

	private final RecognitionCatalog catalog;
	private final UnitQualifications units;
	private final Reevaluation reevaluation;

	RecognitionInputsInterceptor(RecognitionCatalog catalog, UnitQualifications units, Reevaluation reevaluation) {
		this.catalog = catalog;
		this.units = units;
		this.reevaluation = reevaluation;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		changed(null, resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		changed(previous, resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		changed(resource, null);
	}

	private void changed(IBaseResource before, IBaseResource after) {
		IBaseResource any = after != null ? after : before;
		if (any instanceof CodeSystem cs && HubSystems.RECOGNITION_CATALOGUE.equals(cs.getUrl())) {
			catalog.invalidate();
			afterCommit(() -> {
				catalog.invalidate();
				reevaluation.allUnits();
			});
		} else if (any instanceof ConceptMap) {
			Set<String> affected = new LinkedHashSet<>();
			unitsMappedBy(before, affected);
			unitsMappedBy(after, affected);
			catalog.invalidate();
			afterCommit(() -> {
				catalog.invalidate();
				affected.forEach(reevaluation::unit);
			});
		} else if (any instanceof Organization org) {
			String id = org.getIdElement().getIdPart();
			units.invalidate(id);
			boolean qualificationChanged = !qualifications(before).equalsDeep(qualifications(after));
			afterCommit(() -> {
				units.invalidate(id);
				if (qualificationChanged && before != null) {
					reevaluation.unitQualification(id);
				}
			});
		}
	}

	private static void unitsMappedBy(IBaseResource resource, Set<String> units) {
		if (!(resource instanceof ConceptMap map)) {
			return;
		}
		for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
			String source = group.getSource();
			if (HubSystems.RECOGNITION_CATALOGUE.equals(group.getTarget()) && source != null
					&& source.startsWith(UNIT_SYSTEM[0]) && source.endsWith(UNIT_SYSTEM[1])
					&& source.length() > UNIT_SYSTEM[0].length() + UNIT_SYSTEM[1].length()) {
				units.add(source.substring(UNIT_SYSTEM[0].length(), source.length() - UNIT_SYSTEM[1].length()));
			}
		}
	}

	/** The qualification extensions as one element, so two versions compare with equalsDeep. */
	private static Extension qualifications(IBaseResource resource) {
		Extension all = new Extension("qualifications");
		if (resource instanceof Organization org) {
			List<Extension> found = org.getExtensionsByUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION);
			found.forEach(e -> all.addExtension(e.copy()));
		}
		return all;
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		} else {
			action.run();
		}
	}
}
