package org.countyhub.server.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The hub server's own settings ({@code hub.*}). Defaults live here and in the README's configuration table;
 * Spring's datasource settings ({@code spring.datasource.*}) choose the database.
 *
 * @param dataDir where the embedded H2 database (and other local state) lives
 * @param fhir    the FHIR REST endpoint
 * @param county  where the county's member units are declared
 */
@Validated
@ConfigurationProperties(prefix = "hub")
public record HubProperties(
		@DefaultValue("./data") Path dataDir, @DefaultValue Fhir fhir, @DefaultValue County county) {

	/**
	 * @param defaultPageSize   search page size when the client gives no {@code _count}
	 * @param maxPageSize       largest {@code _count} honoured
	 * @param maxRequestSize    largest request body accepted; larger gets 413 with an OperationOutcome
	 * @param serverAddress     public base URL written into links; empty = the address and port each request
	 *                          arrived on (never the client's Host header)
	 * @param proxyBaseHeader   with no server address: a header a trusted reverse proxy sets to the public base
	 *                          URL (e.g. {@code X-Forwarded-Base}); empty = none trusted
	 * @param schemaUpdate      let Hibernate create and update HAPI's tables at start ({@code update}), or
	 *                          leave the schema alone ({@code none}, for databases migrated with HAPI's CLI)
	 */
	public record Fhir(
			@DefaultValue("20") int defaultPageSize,
			@DefaultValue("200") int maxPageSize,
			@DefaultValue("20MB") DataSize maxRequestSize,
			@DefaultValue("") String serverAddress,
			@DefaultValue("update") String schemaUpdate,
			@DefaultValue("") String proxyBaseHeader) {

		public Fhir {
			if (defaultPageSize < 1 || maxPageSize < defaultPageSize) {
				throw new IllegalArgumentException(
						"hub.fhir.default-page-size must be >= 1 and <= hub.fhir.max-page-size");
			}
			if (!schemaUpdate.equals("update") && !schemaUpdate.equals("none") && !schemaUpdate.equals("validate")) {
				throw new IllegalArgumentException("hub.fhir.schema-update must be update, validate or none");
			}
		}
	}

	/**
	 * @param location folder with {@code county.yaml} and {@code units/<code>/unit.yaml}; a Spring resource
	 *                 location such as {@code classpath:county/demo} or {@code file:/etc/county-hub/county}
	 * @param load     write the units as Organizations at start (idempotent); off = manage them via FHIR
	 */
	public record County(@DefaultValue("classpath:county/demo") String location, @DefaultValue("true") boolean load) {}
}
