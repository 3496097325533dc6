package org.countyhub.server.identity;

import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.api.Section;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.jpa.IJpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.ReferenceParam;
import jakarta.annotation.Nonnull;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's International Patient Summary ({@code Patient/[id]/$summary}) over the whole person: every section's
 * search for the Patient is widened with {@code :mdm}, so allergies, problems and results recorded at any member
 * unit linked to the same person appear in the summary for a referral letter.
 */
final class PatientSummaryAcrossUnits extends DefaultJpaIpsGenerationStrategy {

	@Override
	@SuppressWarnings("unchecked")
	protected void addJpaSection(Section section, JpaSectionSearchStrategyCollection strategies) {
		JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder widened =
				JpaSectionSearchStrategyCollection.newBuilder();
		for (Class<? extends IBaseResource> type : strategies.getResourceTypes()) {
			addWidened(widened, (Class<IBaseResource>) type, strategies.getSearchStrategy((Class<IBaseResource>) type));
		}
		super.addJpaSection(section, widened.build());
	}

	private static <T extends IBaseResource> void addWidened(
			JpaSectionSearchStrategyCollection.JpaSectionSearchStrategyCollectionBuilder builder,
			Class<T> type,
			IJpaSectionSearchStrategy<T> strategy) {
		builder.addStrategy(type, new IJpaSectionSearchStrategy<T>() {
			@Override
			public void massageResourceSearch(
					@Nonnull IpsSectionContext<T> context, @Nonnull SearchParameterMap map) {
				strategy.massageResourceSearch(context, map);
				for (List<List<IQueryParameterType>> andList : map.values()) {
					for (List<IQueryParameterType> orList : andList) {
						for (IQueryParameterType param : orList) {
							if (param instanceof ReferenceParam ref && "Patient".equals(ref.getResourceType())) {
								ref.setMdmExpand(true);
							}
						}
					}
				}
			}

			@Override
			public boolean shouldInclude(@Nonnull IpsSectionContext<T> context, @Nonnull T candidate) {
				return strategy.shouldInclude(context, candidate);
			}
		});
	}
}
