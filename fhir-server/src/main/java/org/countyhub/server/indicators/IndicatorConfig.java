package org.countyhub.server.indicators;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two indicators computed from the out-of-county import. */
@Configuration
class IndicatorConfig {

	@Bean
	Indicator inCountyVisitRate(OutOfCountyVisits imports) {
		return new InCountyShare("in-county-visit-rate", "rate", OutOfCountyVisits.Line::visits, imports);
	}

	@Bean
	Indicator inCountyAdmissionShare(OutOfCountyVisits imports) {
		return new InCountyShare("in-county-admission-share", "share", OutOfCountyVisits.Line::admissions, imports);
	}
}
