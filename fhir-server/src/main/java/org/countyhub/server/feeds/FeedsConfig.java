package org.countyhub.server.feeds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.countyhub.county.CountyDirectory;
import org.countyhub.feeds.ecg.EcgReportFeedRoute;
import org.countyhub.feeds.his.AdtFeedRoute;
import org.countyhub.feeds.his.OrderFeedRoute;
import org.countyhub.feeds.his.PharmacyOrderFeedRoute;
import org.countyhub.feeds.intake.Acks;
import org.countyhub.feeds.intake.FeedIntake;
import org.countyhub.feeds.intake.FeedIntakeRoute;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.FeedRetryRoute;
import org.countyhub.feeds.intake.FeedSourceBinding;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.MessageSpool;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.feeds.intake.TransactionPreview;
import org.countyhub.feeds.intake.TranslatingFeedRoute;
import org.countyhub.feeds.lis.LabResultFeedRoute;
import org.countyhub.feeds.mllp.MllpLimits;
import org.countyhub.feeds.pacs.ImagingReportFeedRoute;
import org.countyhub.feeds.unit.CodeTableFile;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.server.access.AccessProperties;
import org.countyhub.server.audit.FeedIntakeAudit;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.security.SecurityProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.countyhub.server.validation.ProfileEnforcement;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The HL7 v2 feeds in the server's process: the adapters' routes, delivering into HAPI's JPA store, with the
 * journal in the same database. Camel's Spring Boot starter picks up the route beans and starts them.
 */
@Configuration
public class FeedsConfig {

	private static final Logger log = LoggerFactory.getLogger(FeedsConfig.class);

	@Bean
	Map<String, List<CodeTableFile.Table>> unitCodeTables(HubProperties hub, ResourcePatternResolver resolver)
			throws IOException {
		Map<String, List<CodeTableFile.Table>> tables = UnitCodeTableScan.scan(hub.county().location(), resolver);
		tables.forEach((unit, files) -> log.info("Feed code tables of unit {}: {}", unit,
				files.stream().map(t -> t.name() + " (" + t.map().size() + ")").toList()));
		return tables;
	}

	@Bean
	FeedUnits feedUnits(CountyDirectory directory, Map<String, List<CodeTableFile.Table>> unitCodeTables) {
		return new FeedUnits(directory, unitCodeTables);
	}

	/**
	 * The journal; each answer also goes to the access records (docs/access.md) in the same transaction, unless the
	 * access records are off ({@code hub.access.enabled=false}: identity and roles only).
	 */
	@Bean
	ReceivedMessages receivedMessages(DataSource dataSource, MllpProperties mllp, FeedIntakeAudit audit,
			PlatformTransactionManager transactions, AccessProperties access) {
		JdbcReceivedMessages journal = new JdbcReceivedMessages(dataSource, mllp.stuckAfter());
		journal.createTable();
		return access.enabled() ? new AuditedReceivedMessages(journal, audit, transactions) : journal;
	}

	@Bean
	MessageSpool messageSpool(MllpProperties mllp, HubProperties hub) {
		Path dir = mllp.spoolDir().isBlank() ? hub.dataDir().resolve("feed-spool") : Path.of(mllp.spoolDir());
		return new MessageSpool(dir);
	}

	@Bean
	FeedRecordTimes feedRecordTimes(DataSource dataSource) {
		FeedRecordTimes times = new FeedRecordTimes(dataSource);
		times.createTable();
		return times;
	}

	@Bean
	FeedUpdateMerging feedUpdateMerging(IInterceptorService interceptors, FhirContext fhirContext,
			DaoRegistry daoRegistry, FeedRecordTimes times) {
		FeedUpdateMerging merging = new FeedUpdateMerging(fhirContext, daoRegistry, times);
		interceptors.registerInterceptor(merging);
		return merging;
	}

	@Bean
	FhirTransactionSink fhirTransactionSink(IFhirSystemDao<Bundle, Meta> systemDao, ProfileEnforcement guide) {
		return new HapiTransactionSink(systemDao, guide);
	}

	@Bean
	FeedIntake feedIntake(FeedUnits units, ReceivedMessages journal, MessageSpool spool, MllpProperties mllp,
			CountyDirectory directory) {
		Acks acks = new Acks(mllp.application(), directory.community().code(), ZoneId.of("Asia/Shanghai"));
		return new FeedIntake(units, journal, spool, acks);
	}

	@Bean
	FeedReplay feedReplay(ReceivedMessages journal, MessageSpool spool, ProducerTemplate producer) {
		return new FeedReplay(journal, spool, producer);
	}

	@Bean
	FeedRouteConfiguration feedRouteConfiguration(FeedIntake intake) {
		return new FeedRouteConfiguration(intake);
	}

	@Bean
	FeedIntakeRoute feedIntakeRoute(FeedIntake intake, FeedSourceBinding feedSourceBinding) {
		return new FeedIntakeRoute(intake, feedSourceBinding);
	}

	@Bean
	FeedSourceBinding feedSourceBinding(CountyDirectory directory, MeterRegistry meters, SecurityProperties security) {
		return FeedSources.binding(directory, meters, security.benchmarkOff());
	}

	@Bean
	AdtFeedRoute adtFeedRoute(FhirTransactionSink sink) {
		return new AdtFeedRoute(sink);
	}

	@Bean
	OrderFeedRoute orderFeedRoute(FhirTransactionSink sink) {
		return new OrderFeedRoute(sink);
	}

	@Bean
	PharmacyOrderFeedRoute pharmacyOrderFeedRoute(FhirTransactionSink sink) {
		return new PharmacyOrderFeedRoute(sink);
	}

	@Bean
	LabResultFeedRoute labResultFeedRoute(FhirTransactionSink sink) {
		return new LabResultFeedRoute(sink);
	}

	@Bean
	ImagingReportFeedRoute imagingReportFeedRoute(FhirTransactionSink sink) {
		return new ImagingReportFeedRoute(sink);
	}

	@Bean
	EcgReportFeedRoute ecgReportFeedRoute(FhirTransactionSink sink) {
		return new EcgReportFeedRoute(sink);
	}

	@Bean
	TransactionPreview transactionPreview(FeedIntake intake, List<TranslatingFeedRoute> feeds) {
		return new TransactionPreview(intake, feeds);
	}

	@Bean
	FeedRetryRoute feedRetryRoute(FeedReplay replay, FeedIntake intake, MllpProperties mllp) {
		// renewed three times per lease: one late tick on a busy machine does not let a lease run out
		return new FeedRetryRoute(replay, intake, mllp.retryInterval().toMillis(), mllp.stuckAfter().toMillis() / 3);
	}

	@Bean
	@ConditionalOnProperty(prefix = "hub.mllp", name = "enabled", havingValue = "true", matchIfMissing = true)
	MllpListenerRoute mllpListenerRoute(MllpProperties mllp, FeedIntake intake) {
		MllpLimits limits = new MllpLimits((int) mllp.maxFrame().toBytes(), mllp.idleTimeout());
		MllpListenerRoute route = new MllpListenerRoute(mllp.host(), mllp.port(), mllp.maxConcurrent(), limits, intake);
		log.info("MLLP listener on {}:{} ({} messages at once, frames up to {} bytes, idle connections closed after {})",
				mllp.host(), route.port(), mllp.maxConcurrent(), limits.maxFrameBytes(), limits.idleTimeout());
		return route;
	}
}
