package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.util.List;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.lis.LabReportTranslator;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code hub.validation.feed-output: sampled}: the feeds' writes pass without the inline check (REST and other
 * writes still get it), and a sample of what they wrote is checked after commit: what does not conform is tagged
 * {@code failed-profile} without a new version, what conforms is left alone.
 */
class FeedOutputSampleTest extends HubServerTest {

	@Autowired
	ProfileEnforcement enforcement;

	@Autowired
	IInterceptorService interceptors;

	@Autowired
	IFhirSystemDao<Bundle, Meta> systemDao;

	@Autowired
	DaoRegistry daos;

	@Autowired
	FeedUnits units;

	@Test
	void sampledFeedWritesPassAndWhatDoesNotConformIsTaggedAfterCommit() {
		GuideConformance inline = enforcement.conformance();
		GuideConformance sampled = enforcement.conformanceFor(FeedOutputMode.SAMPLED);
		interceptors.unregisterInterceptor(inline);
		interceptors.registerInterceptor(sampled);
		Bundle response;
		try {
			// an LIS result one of whose observations lacks its time: the guide's hub-lab-1
			Bundle other = labResultWithoutTimeOnGlucose("S1");
			assertThatThrownBy(() -> systemDao.transaction(new SystemRequestDetails(), other))
					.isInstanceOf(UnprocessableEntityException.class)
					.hasMessageContaining("HUB-1101");
			Bundle broken = labResultWithoutTimeOnGlucose("S2");
			response = FeedWrites.write(() -> systemDao.transaction(new SystemRequestDetails(), broken));
		} finally {
			interceptors.unregisterInterceptor(sampled);
			interceptors.registerInterceptor(inline);
		}
		List<IdType> observations = response.getEntry().stream()
				.map(e -> new IdType(e.getResponse().getLocation()))
				.filter(id -> id.getResourceType().equals("Observation"))
				.toList();
		assertThat(observations).hasSize(2);

		FeedOutputSample sample = new FeedOutputSample(sampled, daos, 1, 1.0);
		try {
			sample.committed(response);
			await().atMost(Duration.ofSeconds(30)).until(() -> sample.counts().checked() >= response.getEntry().stream()
					.filter(e -> sampled.enforces(new IdType(e.getResponse().getLocation()).getResourceType()))
					.count());
		} finally {
			sample.shutdown();
		}
		assertThat(sample.counts().nonConforming()).isEqualTo(1);
		for (IdType id : observations) {
			Observation stored = daos.getResourceDao(Observation.class).read(id.toUnqualifiedVersionless(),
					new SystemRequestDetails());
			boolean tagged = stored.getMeta().getTag(HubSystems.VALIDATION_TAG, "failed-profile") != null;
			assertThat(tagged).as(stored.getCode().getCodingFirstRep().getCode()).isEqualTo(!stored.hasEffective());
			assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
		}
	}

	@Test
	void oneMessageInEveryIsChecked() {
		Bundle response = systemDao.transaction(new SystemRequestDetails(), labResult("S3"));
		Bundle oneObservation = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		response.getEntry().stream()
				.filter(e -> e.getResponse().getLocation().startsWith("Observation/"))
				.findFirst()
				.ifPresent(oneObservation::addEntry);
		FeedOutputSample sample = new FeedOutputSample(enforcement.conformance(), daos, 3, 1.0);
		io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		sample.bindTo(metrics);
		try {
			sample.committed(oneObservation);
			sample.committed(oneObservation);
			assertThat(sample.counts().checked()).isZero();
			sample.committed(oneObservation);
			await().atMost(Duration.ofSeconds(30)).until(() -> sample.counts().checked() == 1);
			assertThat(sample.counts().nonConforming()).isZero();
			assertThat(sample.counts().transactions()).isEqualTo(3);
			assertThat(metrics.get("hub.feed.output.samples").tag("outcome", "checked").functionCounter().count())
					.isEqualTo(1.0);
			assertThat(metrics.get("hub.feed.output.samples").tag("outcome", "skipped").functionCounter().count())
					.isZero();
		} finally {
			sample.shutdown();
		}
		assertThatThrownBy(() -> new FeedOutputSample(enforcement.conformance(), daos, 0, 0.1))
				.hasMessageContaining("feed-sample-every");
		assertThatThrownBy(() -> new FeedOutputSample(enforcement.conformance(), daos, 10, 0))
				.hasMessageContaining("feed-check-share");
	}

	@Test
	void theCheckerKeepsToItsShareOfACoreAndSkipsWhatItCannotTake() {
		Bundle response = systemDao.transaction(new SystemRequestDetails(), labResult("S4"));
		Bundle oneObservation = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		response.getEntry().stream()
				.filter(e -> e.getResponse().getLocation().startsWith("Observation/"))
				.findFirst()
				.ifPresent(oneObservation::addEntry);
		// a thousandth of a core: after each check the checker idles ~999 times as long as the check took
		FeedOutputSample sample = new FeedOutputSample(enforcement.conformance(), daos, 1, 0.001);
		long stopped;
		try {
			// a burst of 40 messages: 32 wait, one is being checked, the rest are skipped, not queued
			for (int i = 0; i < 40; i++) {
				sample.committed(oneObservation);
			}
			assertThat(sample.counts().skipped()).isGreaterThanOrEqualTo(7);
			await().atMost(Duration.ofSeconds(30)).until(() -> sample.counts().checked() == 1);
			// no second check while the checker keeps to its share
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
					.until(() -> sample.counts().checked() == 1);
		} finally {
			long start = System.nanoTime();
			sample.shutdown();
			stopped = System.nanoTime() - start;
		}
		assertThat(Duration.ofNanos(stopped)).as("shutdown ends the pause").isLessThan(Duration.ofSeconds(3));
		assertThat(sample.counts().checked()).isEqualTo(1);
	}

	/** As an LIS would send it if it lost the result's time (the mapping falls back on OBR-7; removed here). */
	private Bundle labResultWithoutTimeOnGlucose(String tag) {
		Bundle bundle = labResult(tag);
		bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof Observation o
						&& o.getCode().getCoding().stream().anyMatch(c -> "GLU".equals(c.getCode())))
				.forEach(r -> ((Observation) r).setEffective(null));
		return bundle;
	}

	private Bundle labResult(String tag) {
		String n = tag + Long.toString(System.nanoTime(), 36).toUpperCase();
		String message = "MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|20250301120000||ORU^R01^ORU_R01|C" + n
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||M" + n + "^^^XRMYY^MR||赵^敏||19820304|F\r"
				+ "OBR|1|P" + n + "|F" + n + "|BG^血糖^L|||20250301083000|||||||||||||||20250301113000||LAB|F\r"
				+ "OBX|1|NM|HGB^血红蛋白^L||135|g/L|130-175|N|||F|||20250301100000\r"
				+ "OBX|2|NM|GLU^葡萄糖^L||5.2|mmol/L|3.9-6.1|N|||F|||20250301100000\r";
		return new LabReportTranslator()
				.translate(new FeedContext(Hl7Message.parse(message), units.byCode("XRMYY").orElseThrow()));
	}
}
