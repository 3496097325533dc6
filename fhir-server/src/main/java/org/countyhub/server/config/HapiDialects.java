package org.countyhub.server.config;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;

/** HAPI needs its own Hibernate dialects; pick one from the JDBC URL so operators set only the URL. */
final class HapiDialects {

	private HapiDialects() {}

	static String forJdbcUrl(String jdbcUrl) {
		if (jdbcUrl == null) {
			throw new IllegalStateException("spring.datasource.url is not set");
		}
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			return HapiFhirPostgresDialect.class.getName();
		}
		if (jdbcUrl.startsWith("jdbc:h2:")) {
			return HapiFhirH2Dialect.class.getName();
		}
		throw new IllegalStateException("spring.datasource.url '" + jdbcUrl.replaceAll("password=[^&;]*", "password=***")
				+ "' is neither PostgreSQL (jdbc:postgresql:) nor H2 (jdbc:h2:), the two databases the hub supports");
	}
}
