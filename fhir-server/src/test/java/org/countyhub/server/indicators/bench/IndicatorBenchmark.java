package org.countyhub.server.indicators.bench;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.countyhub.server.HubApplication;
import org.countyhub.server.identity.bench.IdentityBenchmark;
import org.countyhub.server.identity.bench.SyntheticCounty;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.TestPostgres;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The indicator benchmark (bench/indicators.sh, docs/indicators.md): the identity benchmark's synthetic county on
 * PostgreSQL plus a year of visits, then the time to compute all indicators ({@code Measure/$evaluate-measure})
 * for one month and for the twelve months of the year, each computed afresh (the month cache is off). Arguments
 * ({@code name=value}): {@code people} (20000), {@code resources} per person (10), {@code visits} per person in
 * the year (4), {@code loaders} (4), {@code repeat} month computations measured (5), {@code jdbc-url}
 * (default: embedded PostgreSQL binaries), {@code load-county} (true; false: the database given already holds a
 * county, e.g. from an earlier run, and only the visits are added).
 */
public final class IndicatorBenchmark {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	private static final String[] UNITS = {"XRMYY", "XZYY", "WSY01", "WSY02", "CWS0101"};

	private IndicatorBenchmark() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("people", "20000", "resources", "10", "visits", "4",
				"loaders", "4", "repeat", "5", "user", "postgres", "password", "postgres", "load-county", "true"));
		for (String arg : args) {
			if (arg.matches("\\d+")) {
				// a bare number was once taken for the first option and silently ignored
				throw new IllegalArgumentException("options are name=value, e.g. people=" + arg + "; names: "
						+ options.keySet());
			}
			String[] kv = arg.split("=", 2);
			options.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "true");
		}
		int people = Integer.parseInt(options.get("people"));
		int resources = Integer.parseInt(options.get("resources"));
		int visitsPerPerson = Integer.parseInt(options.get("visits"));
		int loaders = Integer.parseInt(options.get("loaders"));
		int repeat = Integer.parseInt(options.get("repeat"));
		String jdbcUrl = options.containsKey("jdbc-url") ? options.get("jdbc-url") : TestPostgres.newDatabaseUrl("hub_ind");
		Path dataDir = Files.createTempDirectory("hub-ind-bench-");
		ConfigurableApplicationContext app = new SpringApplicationBuilder(HubApplication.class).run(
				"--server.port=0", "--hub.data-dir=" + dataDir, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + options.get("user"),
				"--spring.datasource.password=" + options.get("password"),
				"--hub.indicators.cache-for=0s", "--logging.level.root=WARN", "--logging.level.org.countyhub=WARN");
		try {
			String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/fhir";
			System.out.printf("Indicator benchmark: %d people x ~%d resources + %d visits each in the last year, PostgreSQL%n",
					people, resources, visitsPerPerson);

			// 1. The identity benchmark's county
			SyntheticCounty county = new SyntheticCounty(20261202L);
			List<SyntheticCounty.Person> population = new ArrayList<>();
			for (int i = 0; i < people; i++) {
				population.add(county.nextPerson(1, 3));
			}
			int registrations = population.stream().mapToInt(p -> p.units().size()).sum();
			if (Boolean.parseBoolean(options.get("load-county"))) {
				long loadStart = System.nanoTime();
				IdentityBenchmark.post(app, base, IdentityBenchmark.registrations(county, population, resources),
						registrations, loaders);
				System.out.printf("County loaded: %d registrations in %s%n", registrations,
						Duration.ofNanos(System.nanoTime() - loadStart));
			} else {
				System.out.println("County not loaded (load-county=false): the database given holds it");
			}

			// 2. A year of visits: batches of 200 Encounters per unit, over the twelve months before this one
			YearMonth thisMonth = YearMonth.now(CHINA);
			int visits = people * visitsPerPerson;
			int batches = (visits + 199) / 200;
			Random random = new Random(20261202L);
			AtomicLong written = new AtomicLong();
			long visitStart = System.nanoTime();
			List<Bundle> visitBatches = new ArrayList<>();
			IntStream.range(0, batches).forEach(b -> visitBatches.add(visitBatch(random, thisMonth, UNITS[b % UNITS.length],
					Math.min(200, visits - b * 200))));
			IdentityBenchmark.run(loaders, batches, i -> {
				Bundle batch = visitBatches.get(i);
				written.addAndGet(batch.getEntry().size());
				IdentityBenchmark.client(base, Tokens.unitSystem(app, UNITS[i % UNITS.length])).transaction()
						.withBundle(batch).execute();
			}, "visit batches");
			System.out.printf("Visits loaded: %d Encounters in %s%n", written.get(),
					Duration.ofNanos(System.nanoTime() - visitStart));

			// 3. The indicators, as the bureau asks for them
			IGenericClient bureau = IdentityBenchmark.client(base, Tokens.person(app, List.of(Roles.BUREAU_ANALYST), List.of()));
			YearMonth lastMonth = thisMonth.minusMonths(1);
			evaluate(bureau, lastMonth); // warm-up
			List<Double> months = new ArrayList<>();
			for (int i = 0; i < repeat; i++) {
				long start = System.nanoTime();
				evaluate(bureau, lastMonth.minusMonths(i % 12));
				months.add((System.nanoTime() - start) / 1e6);
			}
			long yearStart = System.nanoTime();
			for (int i = 1; i <= 12; i++) {
				evaluate(bureau, thisMonth.minusMonths(i));
			}
			double year = (System.nanoTime() - yearStart) / 1e6;
			System.out.printf("All indicators, one month: p50 %.0f ms, max %.0f ms (%d runs); the year (12 months): %.0f ms%n",
					IdentityBenchmark.percentile(months, 50), months.stream().mapToDouble(d -> d).max().orElse(0),
					repeat, year);
		} finally {
			app.close();
		}
		// HAPI's channels may still retry messages of the load on their own threads after the close (seen: a JVM
		// left retrying MDM work for over an hour, taking a core from the next benchmark); end here, as the
		// identity and console benchmarks do
		System.exit(0);
	}

	private static void evaluate(IGenericClient bureau, YearMonth month) {
		bureau.operation().onType("Measure").named("$evaluate-measure")
				.withParameter(Parameters.class, "month", new StringType(month.toString())).useHttpGet()
				.returnResourceType(Bundle.class).execute();
	}

	/** Finished visits at one unit (85 % outpatient, 10 % emergency, 5 % admissions) on random days of the year. */
	private static Bundle visitBatch(Random random, YearMonth thisMonth, String unit, int count) {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		ZonedDateTime yearStart = thisMonth.minusMonths(12).atDay(1).atStartOfDay(CHINA);
		long span = Duration.between(yearStart, thisMonth.atDay(1).atStartOfDay(CHINA)).toMinutes();
		for (int i = 0; i < count; i++) {
			int kind = random.nextInt(100);
			String encounterClass = kind < 85 ? "AMB" : kind < 95 ? "EMER" : "IMP";
			Date start = Date.from(yearStart.plusMinutes((long) (random.nextDouble() * (span - 60))).toInstant());
			Encounter visit = new Encounter();
			visit.addIdentifier().setSystem("urn:countyhub-bench:visit:" + unit).setValue(UUID.randomUUID().toString());
			visit.setStatus(Encounter.EncounterStatus.FINISHED);
			visit.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounterClass, null));
			visit.setServiceProvider(new Reference("Organization/" + unit));
			visit.setPeriod(new Period().setStart(start).setEnd(new Date(start.getTime() + 30 * 60_000L)));
			tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(visit).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
		}
		return tx;
	}
}
