package org.countyhub.server.recognition.results;

import java.time.OffsetDateTime;
import org.countyhub.server.recognition.catalog.CatalogueItem;

/**
 * One recognisable prior result for one catalogue item.
 *
 * @param item       the catalogue item
 * @param resultId   the report ({@code DiagnosticReport/123}), or a single result ({@code Observation/789})
 * @param patientId  the record it was filed under ({@code Patient/456}), possibly at another unit
 * @param unitId     the performing unit ({@code Organization/XRMYY})
 * @param unitName   its name
 * @param effective  when the exam was done / the sample taken
 * @param validUntil the last moment it may be recognised for this item
 * @param scope      互认范围 (county, city, province)
 */
public record RecognisableResult(
		CatalogueItem item,
		String resultId,
		String patientId,
		String unitId,
		String unitName,
		OffsetDateTime effective,
		OffsetDateTime validUntil,
		String scope) {}
