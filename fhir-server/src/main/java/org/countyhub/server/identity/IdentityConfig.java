package org.countyhub.server.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import ca.uhn.fhir.jpa.ips.provider.IpsOperationProvider;
import ca.uhn.fhir.jpa.mdm.config.MdmConsumerConfig;
import ca.uhn.fhir.jpa.mdm.config.MdmSubmitterConfig;
import ca.uhn.fhir.mdm.api.IMdmSubmitSvc;
import ca.uhn.fhir.jpa.mdm.dao.MdmLinkDaoSvc;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.nickname.NicknameSvc;
import ca.uhn.fhir.mdm.api.IGoldenResourceMergerSvc;
import ca.uhn.fhir.mdm.api.IMdmLinkExpandSvc;
import ca.uhn.fhir.mdm.api.IMdmSettings;
import ca.uhn.fhir.mdm.rules.config.MdmRuleValidator;
import ca.uhn.fhir.mdm.rules.config.MdmSettings;
import ca.uhn.fhir.mdm.rules.matcher.IMatcherFactory;
import ca.uhn.fhir.mdm.rules.matcher.MdmMatcherFactory;
import ca.uhn.fhir.mdm.rules.svc.MdmResourceMatcherSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.sql.DataSource;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.rest.FhirOperationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One person across all member units: HAPI MDM (golden Patients, links, {@code $mdm-*} operations) with the
 * county's rules, the clinician's cross-unit history and the patient summary. MDM receives its work through
 * HAPI's message subscriptions (see {@code subscription.SubscriptionsConfig}). Bean names that match HAPI's
 * ({@code matcherFactory}, {@code mdmResourceComparatorSvc}) replace HAPI's beans on purpose.
 */
@Configuration
@ConditionalOnProperty(prefix = "hub.identity", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import({MdmConsumerConfig.class, MdmSubmitterConfig.class})
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfig {

	private static final Logger log = LoggerFactory.getLogger(IdentityConfig.class);

	IdentityConfig(JpaStorageSettings storageSettings) {
		// `patient=Patient/x:mdm` and $everything?_mdm=true are HAPI features that are off unless allowed.
		storageSettings.setAllowMdmExpansion(true);
	}

	@Bean
	IMdmSettings mdmSettings(MdmRuleValidator validator, IdentityProperties properties, ResourceLoader loader)
			throws IOException {
		Resource rules = loader.getResource(properties.rules());
		if (!rules.exists()) {
			throw new IllegalStateException(
					"hub.identity.rules: no MDM rules at " + properties.rules() + " (" + rules.getDescription() + ")");
		}
		String json;
		try (InputStream in = rules.getInputStream()) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		int matchingThreads = properties.matchingThreads();
		// HAPI's MdmSettings fixes one consumer of the MDM channel; the channel's own thread pool takes this size.
		MdmSettings settings = new MdmSettings(validator) {
			@Override
			public int getConcurrentConsumers() {
				return matchingThreads;
			}
		};
		settings.setEnabled(true);
		try {
			settings.setScriptText(json);
		} catch (RuntimeException e) {
			throw new IllegalStateException("hub.identity.rules: " + properties.rules() + " is not valid: "
					+ e.getMessage(), e);
		}
		settings.setCandidateSearchLimit(properties.candidateSearchLimit());
		log.info("Patient identity: MDM rules from {}, match fields {}, candidates by {}, {} matching thread(s)",
				properties.rules(),
				settings.getMdmRules().getMatchFields().stream().map(f -> f.getName()).toList(),
				settings.getMdmRules().getCandidateSearchParams().stream().map(p -> p.getSearchParams()).toList(),
				matchingThreads);
		return settings;
	}

	@Bean
	NameReading nameReading(IdentityProperties properties) {
		return new NameReading(properties.maxNameLength());
	}

	/**
	 * The guide's {@code Patient?phonetic=} parameter indexes how names read, so that MDM's candidates can be
	 * blocked by the name's reading (see mdm-rules.json). Set before the web and MLLP endpoints take writes.
	 */
	@Bean
	PinyinBlockingKey pinyinBlockingKey(ISearchParamRegistry searchParams, NameReading reading) {
		PinyinBlockingKey key = new PinyinBlockingKey(reading);
		searchParams.setPhoneticEncoder(key);
		return key;
	}

	@Bean
	@Lazy
	IMatcherFactory matcherFactory(FhirContext fhirContext, IMdmSettings settings, NameReading reading) {
		// HAPI's NICKNAME matcher knows English nicknames only; the service loads its list on first use.
		return new HubMatcherFactory(new MdmMatcherFactory(fhirContext, settings, new NicknameSvc()), reading);
	}

	@Bean
	@Lazy
	MdmResourceMatcherSvc mdmResourceComparatorSvc(
			FhirContext fhirContext, IMatcherFactory matcherFactory, IMdmSettings settings) {
		return new DifferentIdCardsVeto(fhirContext, matcherFactory, settings);
	}

	@Bean
	IdCardCheck idCardCheck(IInterceptorService interceptors) {
		IdCardCheck check = new IdCardCheck();
		interceptors.registerInterceptor(check);
		return check;
	}

	@Bean
	GoldenRecordsHiddenFromSearch goldenRecordsHiddenFromSearch(IInterceptorService interceptors) {
		GoldenRecordsHiddenFromSearch hide = new GoldenRecordsHiddenFromSearch();
		interceptors.registerInterceptor(hide);
		return hide;
	}

	@Bean
	UnitMergeFollower unitMergeFollower(
			IInterceptorService interceptors,
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			MdmLinkDaoSvc<?, ?> links,
			IIdHelperService<?> ids,
			IGoldenResourceMergerSvc merger,
			IHapiTransactionService transactions) {
		UnitMergeFollower follower = new UnitMergeFollower(fhirContext, daoRegistry, links, ids, merger, transactions);
		interceptors.registerInterceptor(follower);
		return follower;
	}

	@Bean
	UnlinkedPatients unlinkedPatients(JdbcTemplate jdbc, Clock clock) {
		return new UnlinkedPatients(jdbc, clock);
	}

	@Bean
	MatchingRetry matchingRetry(UnlinkedPatients unlinked, IMdmSubmitSvc mdm, IdentityProperties properties,
			Clock clock) {
		return new MatchingRetry(unlinked, mdm, properties.maxRetries(), clock);
	}

	@Bean
	MatchingRetryRoute matchingRetryRoute(MatchingRetry retry, IdentityProperties properties) {
		return new MatchingRetryRoute(retry, properties.retryAfter());
	}

	@Bean
	MatchingBacklogMetrics matchingBacklogMetrics(UnlinkedPatients unlinked, Clock clock) {
		return new MatchingBacklogMetrics(unlinked, clock);
	}

	@Bean
	HistoryCatalog historyCatalog(IdentityProperties properties, ResourceLoader loader) throws IOException {
		Resource resource = loader.getResource(properties.historyCatalog());
		if (!resource.exists()) {
			throw new IllegalStateException("hub.identity.history-catalog: nothing at " + properties.historyCatalog());
		}
		try (InputStream in = resource.getInputStream()) {
			return HistoryCatalog.read(in, properties.historyCatalog());
		}
	}

	@Bean
	CrossUnitHistory crossUnitHistory(FhirContext fhirContext, DaoRegistry daoRegistry,
			ISearchParamRegistry searchParams, HistoryCatalog catalog, HubProperties properties,
			IMdmLinkExpandSvc mdmLinks, DataSource dataSource, PartitionSettings partitions,
			SearchBuilderFactory<JpaPid> searchBuilders, IHapiTransactionService transactions) {
		return new CrossUnitHistory(fhirContext, daoRegistry, searchParams, catalog, properties, mdmLinks,
				new PersonTimeline(dataSource, searchParams, partitions), searchBuilders, transactions);
	}

	@Bean
	IIpsGeneratorSvc ipsGeneratorSvc(FhirContext fhirContext, DaoRegistry daoRegistry) {
		PatientSummaryAcrossUnits strategy = new PatientSummaryAcrossUnits();
		strategy.setFhirContext(fhirContext);
		strategy.setDaoRegistry(daoRegistry);
		return new IpsGeneratorSvcImpl(fhirContext, strategy);
	}

	@Bean
	PatientSummaryOperation patientSummaryOperation(IIpsGeneratorSvc generator) {
		return new PatientSummaryOperation(generator);
	}

	/** HAPI's {@code $summary} operation, registered with the FHIR endpoint like the hub's own operations. */
	static final class PatientSummaryOperation extends IpsOperationProvider implements FhirOperationProvider {
		PatientSummaryOperation(IIpsGeneratorSvc generator) {
			super(generator);
		}
	}
}
