package org.countyhub.server.pacs;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PACS polling settings ({@code hub.pacs.*}). The PACS themselves are FHIR data: every active Endpoint with
 * connectionType {@code dicom-wado-rs} and a member unit as managingOrganization is polled at its DICOMweb
 * address (QIDO-RS and WADO-RS under the same base, as Orthanc, dcm4chee and most PACS serve them).
 *
 * @param enabled       poll at all
 * @param tick          how often the route looks for PACS that are due
 * @param pollInterval  how often each unit's PACS is queried, unless the unit has its own interval
 * @param unitIntervals per-unit intervals by MSH-4 code, e.g. {@code hub.pacs.unit-intervals.WSY01=5m}
 * @param lookbackDays  studies of the last so many days (QIDO StudyDate range) are looked at on each poll
 * @param timeout       HTTP timeout of one DICOMweb request
 */
@ConfigurationProperties(prefix = "hub.pacs")
public record PacsProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("5s") Duration tick,
		@DefaultValue("60s") Duration pollInterval,
		Map<String, Duration> unitIntervals,
		@DefaultValue("2") int lookbackDays,
		@DefaultValue("10s") Duration timeout) {

	public PacsProperties {
		unitIntervals = unitIntervals == null ? Map.of() : Map.copyOf(unitIntervals);
		if (tick.isNegative() || tick.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("hub.pacs.tick and hub.pacs.poll-interval must be positive");
		}
		if (lookbackDays < 0) {
			throw new IllegalArgumentException("hub.pacs.lookback-days must not be negative");
		}
	}

	public Duration intervalFor(String unitCode) {
		return unitIntervals.getOrDefault(unitCode, pollInterval);
	}
}
