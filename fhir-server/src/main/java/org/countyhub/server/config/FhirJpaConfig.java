package org.countyhub.server.config;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiFhirLocalContainerEntityManagerFactoryBean;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.dao.CacheTagDefinitionDao;
import ca.uhn.fhir.jpa.dao.data.ITagDefinitionDao;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR's JPA server as a library: its R4 DAOs, search, terminology, package loader and batch jobs
 * (bulk export, reindex), on the DataSource Spring Boot builds from {@code spring.datasource.*}.
 */
@Configuration
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	ThreadPoolFactoryConfig.class,
	SubscriptionChannelConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class
})
public class FhirJpaConfig {

	@Bean
	public JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Member units assign their own business identifiers; resource ids are the hub's. Client-assigned ids
		// are allowed (but never purely numeric) so that the registry's Organizations have stable ids.
		settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
		// No setFetchSizeDefaultMaximum: HAPI caps every synchronous search with it, the hub's own included, and
		// one that finds more (a month's reports for the indicators) answers HAPI-0464. Clients' pages are bounded
		// by the paging provider (hub.fhir.max-page-size, FhirRestConfig).
		settings.setAllowExternalReferences(true);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
		settings.setAllowMultipleDelete(false);
		settings.setExpungeEnabled(false);
		settings.setDeleteExpungeEnabled(false);
		// Identical re-sends (HL7 replays, reloads of the registry) must not create new versions.
		settings.setSuppressUpdatesWithNoChange(true);
		// Pre-expanding a ValueSet that includes a whole CodeSystem (the guide's catalogue, unit types, ...) needs
		// Hibernate Search, which the hub does not run; the validator expands such ValueSets in memory instead.
		settings.setPreExpandValueSets(false);
		// and HAPI's scheduled pre-expansion would try anyway, a minute after every start, logging each of the
		// guide's ValueSets as an ERROR ("Hibernate Search was not initialized")
		settings.setEnableTaskPreExpandValueSets(false);
		// Worklists, inboxes and outboxes are polled with the same search URL; a search answered from HAPI's
		// result cache would hide a new referral or reading Task for up to a minute.
		settings.setReuseCachedSearchResultsForMillis(null);
		return settings;
	}

	/**
	 * HAPI's tag definition lookup, each transaction with its own TagDefinition instances (same bean name: HAPI's
	 * own definition is overridden); see {@link SessionTagDefinitions}.
	 */
	@Bean
	public CacheTagDefinitionDao tagDefinitionDao(ITagDefinitionDao tagDefinitionDao, MemoryCacheService memoryCache,
			EntityManagerFactory entityManagerFactory) {
		return new SessionTagDefinitions(tagDefinitionDao, memoryCache, entityManagerFactory);
	}

	/** Multi-row inserts on PostgreSQL ({@link PostgresBatchedInserts}); static: it post-processes the DataSource. */
	@Bean
	static BeanPostProcessor postgresBatchedInserts() {
		return new PostgresBatchedInserts();
	}

	/** The pool's statement timeout ({@link StatementTimeouts}); static: it post-processes the DataSource. */
	@Bean
	static BeanPostProcessor statementTimeouts(Environment environment) {
		return new StatementTimeouts(Binder.get(environment)
				.bind("hub.request-limits.statement-timeout", Duration.class)
				.orElse(Duration.ZERO));
	}

	/** Identifier criteria matched without re-parsing ({@link IdentifierCriteriaMatching}); static: a post-processor. */
	@Bean
	static BeanPostProcessor identifierCriteriaMatching() {
		return IdentifierCriteriaMatching.replacing();
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			DataSourceProperties dataSourceProperties,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			HubProperties properties) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaProperties(hibernateProperties(dataSourceProperties.determineUrl(), beanFactory, properties));
		return factory;
	}

	private static Properties hibernateProperties(
			String jdbcUrl, ConfigurableListableBeanFactory beanFactory, HubProperties properties) {
		Properties props = new Properties();
		props.put(AvailableSettings.DIALECT, HapiDialects.forJdbcUrl(jdbcUrl));
		props.put(AvailableSettings.HBM2DDL_AUTO, properties.fhir().schemaUpdate());
		props.put(AvailableSettings.STATEMENT_BATCH_SIZE, "30");
		props.put(AvailableSettings.ORDER_INSERTS, "true");
		props.put(AvailableSettings.ORDER_UPDATES, "true");
		props.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		props.put(AvailableSettings.USE_QUERY_CACHE, "false");
		props.put(AvailableSettings.SHOW_SQL, "false");
		props.put("hibernate.search.enabled", "false");
		// HAPI's own defaults for what is not set above
		new HapiFhirLocalContainerEntityManagerFactoryBean(beanFactory).getJpaPropertyMap().forEach(props::putIfAbsent);
		return props;
	}

	@Bean
	@Primary
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
