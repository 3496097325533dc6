package org.countyhub.server.feeds.bench;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiFhirLocalContainerEntityManagerFactoryBean;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.countyhub.server.support.TestPostgres;
import org.hibernate.cfg.AvailableSettings;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The reference point of the end-to-end benchmark: a plain HAPI FHIR JPA server (R4, the same HAPI version and
 * PostgreSQL, HAPI's default storage settings, no validation, MDM, subscriptions or hub interceptors) taking
 * transaction Bundles of a lab result — Patient, DiagnosticReport and 8 Observations as unconditional creates —
 * from 1 and 4 HTTP clients. It answers whether the rate the issue quotes for a plain server is reachable on this
 * machine at all. See adapters/README.md.
 *
 * <p>Arguments: [bundles per run, default 400] [JDBC URL of an empty PostgreSQL database, user/password
 * postgres; default: embedded binaries].
 */
public final class PlainHapiBenchmark {

	private PlainHapiBenchmark() {}

	public static void main(String[] args) throws Exception {
		int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 400;
		String jdbcUrl = args.length > 1 && !args[1].isBlank() ? args[1] : TestPostgres.newDatabaseUrl("plain_hapi");
		ConfigurableApplicationContext server = SpringApplication.run(PlainServer.class,
				"--spring.config.name=plain-hapi-benchmark",
				"--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--spring.datasource.hikari.maximum-pool-size=20",
				"--spring.main.allow-bean-definition-overriding=true",
				"--spring.main.allow-circular-references=true",
				"--spring.batch.job.enabled=false",
				"--server.port=0",
				"--logging.level.root=WARN");
		try {
			String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port") + "/fhir";
			Organization lab = new Organization();
			lab.setId("XRMYY");
			lab.setName("示范县人民医院");
			client(base).update().resource(lab).execute();
			System.out.println("Warm-up ...");
			run(base, 1, Math.max(50, perRun / 4));
			// as long as the hub's benchmark warms up (MllpBenchmark): both measured with their hot paths compiled
			SteadyState.Options warm = SteadyState.Options.parse(
					args.length > 2 ? List.of(args).subList(2, args.length) : List.of(), perRun);
			int warmup = warm.warmup();
			int maxRounds = warm.maxRounds();
			if (warmup > 0) {
				System.out.println("Warm-up, " + warmup + " bundles by 4 clients ...");
				run(base, 4, warmup);
			}
			if (maxRounds > 0) {
				System.out.println("Warm-up until the JIT is done (rounds of " + perRun + " by 4 clients, at most " + maxRounds + ") ...");
				SteadyState.warmUp(maxRounds, () -> String.format("%.1f bundles/s", run(base, 4, perRun).perSecond()));
			}
			System.out.println("Plain HAPI FHIR JPA server " + ca.uhn.fhir.util.VersionUtil.getVersion()
					+ " (default storage settings) on PostgreSQL: transactions of Patient + DiagnosticReport + 8"
					+ " Observations, unconditional POST, " + perRun + " per run");
			for (int clients : new int[] {1, 4}) {
				CpuMeter cpu = new CpuMeter();
				MllpBenchmark.Result r = run(base, clients, perRun);
				System.out.printf("%d client(s): %7.1f bundles/s   latency p50 %6.1f ms  p99 %6.1f ms   %s%n",
						clients, r.perSecond(), r.p50(), r.p99(), cpu.perMessage(perRun));
			}
		} finally {
			server.close();
		}
		System.exit(0);
	}

	private static MllpBenchmark.Result run(String base, int clients, int total) throws Exception {
		return MllpBenchmark.timed(clients, total, (client, each) -> {
			IGenericClient fhir = client(base);
			long[] latencies = new long[each];
			for (int i = 0; i < each; i++) {
				Bundle bundle = labResult();
				long t0 = System.nanoTime();
				fhir.transaction().withBundle(bundle).execute();
				latencies[i] = System.nanoTime() - t0;
			}
			return latencies;
		});
	}

	/** The resources the hub writes for bench/oru-r01-8obx.hl7, as plain creates. */
	private static Bundle labResult() {
		String id = UUID.randomUUID().toString();
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:oid:2.16.156.10011.99.1.XRMYY.mrn").setValue("M" + id);
		patient.addName().setText("王小明").setFamily("王").addGiven("小明");
		patient.setGender(AdministrativeGender.MALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1962-03-04"));
		patient.setManagingOrganization(new Reference("Organization/XRMYY"));
		String patientUrl = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

		DiagnosticReport report = new DiagnosticReport();
		report.addIdentifier().setSystem("urn:oid:2.16.156.10011.99.1.XRMYY.filler").setValue("F" + id);
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode("LAB");
		report.getCode().addCoding().setSystem("urn:oid:2.16.156.10011.99.1.XRMYY.lab").setCode("CBC").setDisplay("血常规");
		report.setSubject(new Reference(patientUrl));
		report.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
		report.setIssued(new Date());
		report.addPerformer(new Reference("Organization/XRMYY"));
		String[][] tests = {{"WBC", "白细胞计数", "6.5", "10*9/L"}, {"RBC", "红细胞计数", "4.8", "10*12/L"},
				{"HGB", "血红蛋白", "145", "g/L"}, {"PLT", "血小板计数", "210", "10*9/L"},
				{"NEUT%", "中性粒细胞百分比", "62.1", "%"}, {"GLU", "葡萄糖", "5.2", "mmol/L"},
				{"ALT", "丙氨酸氨基转移酶", "32", "U/L"}, {"CREA", "肌酐", "78", "umol/L"}};
		for (String[] test : tests) {
			Observation observation = new Observation();
			observation.addIdentifier().setSystem("urn:oid:2.16.156.10011.99.1.XRMYY.result").setValue(id + test[0]);
			observation.setStatus(Observation.ObservationStatus.FINAL);
			observation.addCategory().addCoding()
					.setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("laboratory");
			observation.getCode().addCoding().setSystem("urn:oid:2.16.156.10011.99.1.XRMYY.lab")
					.setCode(test[0]).setDisplay(test[1]);
			observation.setSubject(new Reference(patientUrl));
			observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
			observation.setValue(new Quantity().setValue(new java.math.BigDecimal(test[2])).setUnit(test[3])
					.setSystem("http://unitsofmeasure.org").setCode(test[3]));
			observation.addInterpretation().addCoding()
					.setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode("N");
			observation.addPerformer(new Reference("Organization/XRMYY"));
			String url = "urn:uuid:" + UUID.randomUUID();
			report.addResult(new Reference(url));
			bundle.addEntry().setFullUrl(url).setResource(observation).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		bundle.getEntry().add(1, new Bundle.BundleEntryComponent().setFullUrl("urn:uuid:" + UUID.randomUUID())
				.setResource(report)
				.setRequest(new Bundle.BundleEntryRequestComponent().setMethod(Bundle.HTTPVerb.POST).setUrl("DiagnosticReport")));
		return bundle;
	}

	private static IGenericClient client(String base) {
		FhirContext ctx = FhirContext.forR4Cached();
		ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		ctx.getRestfulClientFactory().setSocketTimeout(120_000);
		return ctx.newRestfulGenericClient(base);
	}

	/**
	 * HAPI's JPA server with its defaults and nothing of the hub. Deliberately not a {@code @Configuration}: the
	 * hub's component scan would find it whenever the test classes are on the class path (the benchmarks run so),
	 * and its beans would replace the hub's (bean overriding is on for HAPI's sake). Started as a primary source,
	 * its {@code @Bean} methods and imports are processed all the same.
	 */
	@EnableAutoConfiguration(exclude = {
		HibernateJpaAutoConfiguration.class,
		JpaRepositoriesAutoConfiguration.class,
		ElasticsearchRestClientAutoConfiguration.class,
		FlywayAutoConfiguration.class
	})
	@Import({
		JpaR4Config.class,
		HapiJpaConfig.class,
		ThreadPoolFactoryConfig.class,
		SubscriptionChannelConfig.class,
		JpaBatch2Config.class,
		Batch2JobsConfig.class
	})
	static class PlainServer {

		@Bean
		public JpaStorageSettings jpaStorageSettings() {
			return new JpaStorageSettings();
		}

		@Bean
		public PartitionSettings partitionSettings() {
			return new PartitionSettings();
		}

		@Primary
		@Bean
		public LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource,
				ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings settings) {
			LocalContainerEntityManagerFactoryBean factory =
					HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, settings);
			factory.setPersistenceUnitName("HAPI_PU");
			factory.setDataSource(dataSource);
			Properties props = new Properties();
			props.put(AvailableSettings.DIALECT, HapiFhirPostgresDialect.class.getName());
			props.put(AvailableSettings.HBM2DDL_AUTO, "update");
			props.put("hibernate.search.enabled", "false");
			new HapiFhirLocalContainerEntityManagerFactoryBean(beanFactory).getJpaPropertyMap().forEach(props::putIfAbsent);
			factory.setJpaProperties(props);
			return factory;
		}

		@Bean
		@Primary
		public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
			return new JpaTransactionManager(entityManagerFactory);
		}

		@Bean
		public RestfulServer restfulServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory providers,
				IJpaSystemProvider systemProvider) {
			RestfulServer server = new RestfulServer(systemDao.getContext());
			server.registerProviders(providers.createProviders());
			server.registerProvider(systemProvider);
			return server;
		}

		@Bean
		public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
			ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
			registration.setLoadOnStartup(1);
			return registration;
		}
	}
}
